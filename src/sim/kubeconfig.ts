// The kubeconfig a simulated cluster writes for itself, so that kdeck and kubectl connect to
// it exactly as to a real cluster: CA data, bearer tokens, context `kdeck-demo`.
import { writeFileSync } from 'node:fs';
import { dump } from 'js-yaml';
import type { User } from './auth.js';

export const CONTEXT = 'kdeck-demo';
export const READONLY_CONTEXT = 'kdeck-demo-readonly';

export function kubeconfigYaml(server: string, caPem: string, admin: User, viewer: User): string {
  const cluster = 'kdeck-demo';
  return dump({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: cluster,
        cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') },
      },
    ],
    users: [admin, viewer].map((u) => ({ name: u.name, user: { token: u.token } })),
    contexts: [
      { name: CONTEXT, context: { cluster, user: admin.name, namespace: 'default' } },
      { name: READONLY_CONTEXT, context: { cluster, user: viewer.name, namespace: 'default' } },
    ],
    'current-context': CONTEXT,
    preferences: {},
  });
}

export function writeKubeconfig(path: string, text: string): void {
  try {
    writeFileSync(path, text, { mode: 0o600 });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such directory'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a directory'
            : code === 'ENOTDIR'
              ? 'a part of its path is not a directory'
              : (err as Error).message;
    throw new Error(`cannot write the kubeconfig ${path}: ${why}`);
  }
}
