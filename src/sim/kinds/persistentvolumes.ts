// PersistentVolume (core/v1): pkg/registry/core/persistentvolume.
import { type KindInfo, RW, statusSubresource } from '../kind-info.js';
import { age, ageColumn, col, nameColumn } from './columns.js';
import { accessModes, storageClass } from './volumes.js';

export const persistentvolumes: KindInfo = {
  group: '',
  version: 'v1',
  resource: 'persistentvolumes',
  kind: 'PersistentVolume',
  singular: 'persistentvolume',
  namespaced: false,
  shortNames: ['pv'],
  verbs: RW,
  subresources: [statusSubresource('', 'v1', 'PersistentVolume')],
  returnsDeletedObject: true,
  defaults(o) {
    o.spec ??= {};
    o.spec.persistentVolumeReclaimPolicy ??= 'Retain';
    o.spec.volumeMode ??= 'Filesystem';
    if (o.spec.hostPath) o.spec.hostPath.type ??= '';
    const f: string[] = o.metadata.finalizers ?? [];
    if (!f.includes('kubernetes.io/pv-protection'))
      o.metadata.finalizers = [...f, 'kubernetes.io/pv-protection'];
    o.status ??= { phase: 'Pending' };
  },
  validate: (o) => {
    const errors = [];
    if (!(o.spec?.accessModes ?? []).length)
      errors.push({
        field: 'spec.accessModes',
        type: 'FieldValueRequired',
        message: 'Required value',
      });
    if (!o.spec?.capacity?.storage)
      errors.push({
        field: 'spec.capacity',
        type: 'FieldValueRequired',
        message: 'Required value',
      });
    return errors;
  },
  printer: {
    columns: [
      nameColumn,
      col(
        'Capacity',
        "capacity is the description of the persistent volume's resources and capacity.",
      ),
      col('Access Modes', 'accessModes contains all ways the volume can be mounted.'),
      col(
        'Reclaim Policy',
        'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.',
      ),
      col(
        'Status',
        'phase indicates if a volume is available, bound to a claim, or released by a claim.',
      ),
      col(
        'Claim',
        'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.',
      ),
      col('StorageClass', 'StorageClass of the pv'),
      col('VolumeAttributesClass', 'VolumeAttributesClass of the pv'),
      col(
        'Reason',
        'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.',
      ),
      ageColumn,
      col(
        'VolumeMode',
        'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state. Value of Filesystem is implied when not included in spec.',
        1,
      ),
    ],
    cells: (v, now) => {
      const ref = v.spec?.claimRef;
      return [
        v.metadata.name,
        v.spec?.capacity?.storage ?? '',
        accessModes(v.spec?.accessModes),
        v.spec?.persistentVolumeReclaimPolicy ?? '',
        v.metadata.deletionTimestamp ? 'Terminating' : (v.status?.phase ?? ''),
        ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : '',
        storageClass(v),
        v.spec?.volumeAttributesClassName ?? '<unset>',
        v.status?.reason ?? '',
        age(v, now),
        v.spec?.volumeMode ?? '<unset>',
      ];
    },
  },
};
