// Node (core/v1): pkg/registry/core/node.
import { nodeAddress, nodeRoles, nodeStatus } from '../../util/printers.js';
import { type KindInfo, RW, statusSubresource } from '../kind-info.js';
import { age, ageColumn, col, nameColumn } from './columns.js';

export const nodes: KindInfo = {
  group: '',
  version: 'v1',
  resource: 'nodes',
  kind: 'Node',
  singular: 'node',
  namespaced: false,
  shortNames: ['no'],
  verbs: RW,
  subresources: [statusSubresource('', 'v1', 'Node')],
  returnsDeletedObject: true,
  printer: {
    columns: [
      nameColumn,
      col('Status', 'The status of the node'),
      col('Roles', 'The roles of the node'),
      ageColumn,
      col('Version', 'Kubelet Version reported by the node.'),
      col('Internal-IP', 'List of internal IPs in the node.', 1),
      col('External-IP', 'List of external IPs in the node.', 1),
      col('OS-Image', 'OS image reported by the node.', 1),
      col('Kernel-Version', 'Kernel version reported by the node.', 1),
      col('Container-Runtime', 'Container runtime and version reported by the node.', 1),
    ],
    cells: (n, now) => [
      n.metadata.name,
      nodeStatus(n),
      nodeRoles(n),
      age(n, now),
      n.status?.nodeInfo?.kubeletVersion ?? '',
      nodeAddress(n, 'InternalIP'),
      nodeAddress(n, 'ExternalIP'),
      n.status?.nodeInfo?.osImage ?? '<unknown>',
      n.status?.nodeInfo?.kernelVersion ?? '<unknown>',
      n.status?.nodeInfo?.containerRuntimeVersion ?? '<unknown>',
    ],
  },
};
