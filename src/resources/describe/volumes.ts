// A pod spec's volumes, one source each, as kubectl describes them: shared by a pod and a
// deployment's pod template.
import type { KubeObject } from '../types.js';
import { type Doc, entries, MAX_ANNOTATION, quantity, shorten, sortedKeys } from './doc.js';

/** Lines of one volume source: `Type:` and its fields, all at level 2. */
function volumeSource(d: Doc, v: KubeObject): void {
  const field = (name: string, value: unknown) => d.line(2, `${name}:`, value);
  const optional = (o: KubeObject) => String(!!o.optional);
  if (v.hostPath) {
    field('Type', 'HostPath (bare host directory volume)');
    field('Path', v.hostPath.path);
    field('HostPathType', v.hostPath.type || '<none>');
  } else if (v.emptyDir) {
    field('Type', "EmptyDir (a temporary directory that shares a pod's lifetime)");
    field('Medium', v.emptyDir.medium ?? '');
    field('SizeLimit', quantity(v.emptyDir.sizeLimit) > 0 ? v.emptyDir.sizeLimit : '<unset>');
  } else if (v.secret) {
    field('Type', 'Secret (a volume populated by a Secret)');
    field('SecretName', v.secret.secretName);
    field('Optional', optional(v.secret));
  } else if (v.configMap) {
    field('Type', 'ConfigMap (a volume populated by a ConfigMap)');
    field('Name', v.configMap.name);
    field('Optional', optional(v.configMap));
  } else if (v.projected) {
    field('Type', 'Projected (a volume that contains injected data from multiple sources)');
    for (const s of v.projected.sources ?? []) {
      if (s.secret) {
        field('SecretName', s.secret.name);
        field('Optional', optional(s.secret));
      } else if (s.downwardAPI) {
        field('DownwardAPI', 'true');
      } else if (s.configMap) {
        field('ConfigMapName', s.configMap.name);
        field('Optional', optional(s.configMap));
      } else if (s.serviceAccountToken) {
        field('TokenExpirationSeconds', s.serviceAccountToken.expirationSeconds ?? 3600);
      }
    }
  } else if (v.persistentVolumeClaim) {
    field(
      'Type',
      'PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)',
    );
    field('ClaimName', v.persistentVolumeClaim.claimName);
    field('ReadOnly', String(!!v.persistentVolumeClaim.readOnly));
  } else if (v.downwardAPI) {
    field('Type', 'DownwardAPI (a volume populated by information about the pod)');
    d.line(2, 'Items:');
    for (const item of v.downwardAPI.items ?? []) {
      if (item.fieldRef) d.line(3, `${item.fieldRef.fieldPath} -> ${item.path}`);
      if (item.resourceFieldRef) d.line(3, `${item.resourceFieldRef.resource} -> ${item.path}`);
    }
  } else if (v.nfs) {
    field('Type', 'NFS (an NFS mount that lasts the lifetime of a pod)');
    field('Server', v.nfs.server);
    field('Path', v.nfs.path);
    field('ReadOnly', String(!!v.nfs.readOnly));
  } else if (v.csi) {
    field('Type', 'CSI (a Container Storage Interface (CSI) volume source)');
    field('Driver', v.csi.driver);
    field('FSType', v.csi.fsType ?? '');
    field('ReadOnly', String(!!v.csi.readOnly));
    const keys = sortedKeys(v.csi.volumeAttributes);
    if (!keys.length) field('VolumeAttributes', '<none>');
    keys.forEach((k, i) => {
      const attr = shorten(`${k}=${v.csi.volumeAttributes[k]}`, MAX_ANNOTATION);
      d.line(i === 0 ? 2 : 4, i === 0 ? 'VolumeAttributes:' : '', `    ${attr}`);
    });
  } else if (v.ephemeral) {
    field(
      'Type',
      'EphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)',
    );
  } else if (v.image) {
    field('Type', 'Image (a container image or OCI artifact)');
    field('Reference', v.image.reference);
    field('PullPolicy', v.image.pullPolicy ?? '');
  } else {
    // A source kdeck does not spell out: its name and its plain fields.
    const [kind, source] = entries(v).find(([k]) => k !== 'name') ?? ['', {}];
    field('Type', kind ? kind[0].toUpperCase() + kind.slice(1) : '<unknown>');
    for (const [k, value] of entries(source)) {
      if (typeof value !== 'object') field(k[0].toUpperCase() + k.slice(1), value);
    }
  }
}

export function volumes(d: Doc, list: KubeObject[] | undefined, space: string): void {
  if (!list?.length) {
    d.line(0, `${space}Volumes:`, '<none>');
    return;
  }
  d.line(0, `${space}Volumes:`);
  for (const v of list) {
    d.line(1, `${space ? ' ' : ''}${v.name}:`);
    volumeSource(d, v);
  }
}
