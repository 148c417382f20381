// PersistentVolumeClaim (core/v1): pkg/registry/core/persistentvolumeclaim.
import { type KindInfo, RW, statusSubresource } from '../kind-info.js';
import { age, ageColumn, col, nameColumn } from './columns.js';
import { accessModes, storageClass } from './volumes.js';

export const persistentvolumeclaims: KindInfo = {
  group: '',
  version: 'v1',
  resource: 'persistentvolumeclaims',
  kind: 'PersistentVolumeClaim',
  singular: 'persistentvolumeclaim',
  namespaced: true,
  shortNames: ['pvc'],
  verbs: RW,
  subresources: [statusSubresource('', 'v1', 'PersistentVolumeClaim')],
  returnsDeletedObject: true,
  defaults(o) {
    o.spec ??= {};
    o.spec.volumeMode ??= 'Filesystem';
    o.spec.resources ??= {};
    // The storage-object-in-use-protection admission plugin.
    const f: string[] = o.metadata.finalizers ?? [];
    if (!f.includes('kubernetes.io/pvc-protection'))
      o.metadata.finalizers = [...f, 'kubernetes.io/pvc-protection'];
    o.status ??= { phase: 'Pending' };
  },
  validate: (o) => {
    const errors = [];
    if (!(o.spec?.accessModes ?? []).length)
      errors.push({
        field: 'spec.accessModes',
        type: 'FieldValueRequired',
        message: 'Required value: at least 1 access mode is required',
      });
    if (!o.spec?.resources?.requests?.storage)
      errors.push({
        field: 'spec.resources[storage]',
        type: 'FieldValueRequired',
        message: 'Required value',
      });
    return errors;
  },
  printer: {
    columns: [
      nameColumn,
      col('Status', 'phase represents the current phase of PersistentVolumeClaim.'),
      col(
        'Volume',
        'volumeName is the binding reference to the PersistentVolume backing this claim.',
      ),
      col('Capacity', 'capacity represents the actual resources of the underlying volume.'),
      col(
        'Access Modes',
        'accessModes contains the actual access modes the volume backing the PVC has.',
      ),
      col('StorageClass', 'StorageClass of the pvc'),
      col('VolumeAttributesClass', 'VolumeAttributesClass of the pvc'),
      ageColumn,
      col(
        'VolumeMode',
        'volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec.',
        1,
      ),
    ],
    cells: (c, now) => {
      const bound = Boolean(c.spec?.volumeName);
      return [
        c.metadata.name,
        c.metadata.deletionTimestamp ? 'Terminating' : (c.status?.phase ?? ''),
        c.spec?.volumeName ?? '',
        bound ? (c.status?.capacity?.storage ?? '') : '',
        bound ? accessModes(c.status?.accessModes) : '',
        storageClass(c),
        c.spec?.volumeAttributesClassName ?? '<unset>',
        age(c, now),
        c.spec?.volumeMode ?? '<unset>',
      ];
    },
  },
};
