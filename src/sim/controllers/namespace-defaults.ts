// What every namespace holds from its first moments on a real cluster: the `default`
// ServiceAccount (the service account controller) and the `kube-root-ca.crt` ConfigMap
// (the root CA publisher), recreated if deleted.
import type { Cluster } from '../cluster.js';
import { kindOf } from '../kinds.js';
import type { WorkQueue } from './work-queue.js';

const NS = kindOf('Namespace');
const SA = kindOf('ServiceAccount');
const CM = kindOf('ConfigMap');

export class NamespaceDefaults {
  constructor(
    private readonly cluster: Cluster,
    private readonly caPem: string,
    private readonly queue: WorkQueue,
  ) {}

  start(): () => void {
    const store = this.cluster.store;
    const sync = (ns: string) => this.queue.add(`nsdefaults/${ns}`, () => this.sync(ns));
    const offNs = store.watch(NS, (e) => {
      if (e.type !== 'DELETED') sync(e.object.metadata.name);
    });
    const offSa = store.watch(SA, (e) => {
      if (e.type === 'DELETED') sync(e.object.metadata.namespace);
    });
    const offCm = store.watch(CM, (e) => {
      if (e.type === 'DELETED') sync(e.object.metadata.namespace);
    });
    for (const ns of store.list(NS)) sync(ns.metadata.name);
    return () => {
      offNs();
      offSa();
      offCm();
    };
  }

  private sync(namespace: string): void {
    const store = this.cluster.store;
    const ns = store.get(NS, undefined, namespace);
    if (!ns || ns.metadata.deletionTimestamp) return;
    if (!store.get(SA, namespace, 'default'))
      this.cluster.create(SA, namespace, { metadata: { name: 'default', namespace } });
    if (!store.get(CM, namespace, 'kube-root-ca.crt'))
      this.cluster.create(CM, namespace, {
        metadata: {
          name: 'kube-root-ca.crt',
          namespace,
          annotations: {
            'kubernetes.io/description':
              'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.',
          },
        },
        data: { 'ca.crt': this.caPem },
      });
  }
}
