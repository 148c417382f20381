// What PersistentVolumes and PersistentVolumeClaims print alike (pkg/api/v1/persistentvolume
// helpers): access modes abbreviated, the storage class from the field or the beta annotation.
import type { Obj } from '../types.js';

const MODES: [string, string][] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

export function accessModes(modes: string[] | undefined): string {
  return MODES.filter(([m]) => (modes ?? []).includes(m))
    .map(([, short]) => short)
    .join(',');
}

export function storageClass(o: Obj): string {
  return (
    o.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ??
    o.spec?.storageClassName ??
    ''
  );
}
