// `:pf`: the session's port-forwards, live: what each forwards to (a service's, the pod it
// reaches now), where it listens, its connections (open/all), the bytes each way, its errors
// and its age; under the list, the selected one's last error in full (a column would be cut
// or dropped first). Ctrl-D stops the selected one at once: a forward changes nothing in the
// cluster and F starts it again.
import { Box, Text } from 'ink';
import { useState, useSyncExternalStore } from 'react';
import type { Column, Row } from '../resources/index.js';
import { inertRow } from '../resources/types.js';
import { inertLine } from '../util/inert.js';
import type { ForwardInfo, PortForwardsApi } from './cluster-source.js';
import { bindingsFor } from './keymap.js';
import { wrapWords } from './layout.js';
import { PickList } from './pick-list.js';
import { healthColor } from './theme.js';
import type { Status } from './use-status.js';

const KEYS = bindingsFor('forwards');

const COLUMNS: Column[] = [
  { name: 'NAMESPACE', priority: 2 },
  { name: 'TARGET', priority: 0 },
  { name: 'POD', priority: 1 },
  { name: 'LOCAL', priority: 0 },
  { name: 'CONNS', priority: 0, align: 'right' },
  { name: 'IN', priority: 0, align: 'right' },
  { name: 'OUT', priority: 0, align: 'right' },
  { name: 'ERRORS', priority: 0, align: 'right' },
  { name: 'AGE', priority: 1, align: 'right' },
];

const hostPort = (address: string, port: number) =>
  `${address.includes(':') ? `[${address}]` : address}:${port}`;

/** `svc/nginx-server-service:8080`: what the forward was asked for. */
export const forwardTarget = (f: ForwardInfo) =>
  `${f.kind === 'service' ? 'svc' : 'pod'}/${f.name}:${f.port}`;

const rowOf = (f: ForwardInfo): Row =>
  inertRow({
    uid: String(f.id),
    name: forwardTarget(f),
    namespace: f.namespace,
    resourceVersion: '',
    cells: [
      f.namespace,
      forwardTarget(f),
      f.pod ? `${f.pod}:${f.podPort}` : '',
      hostPort(f.address, f.localPort),
      `${f.active}/${f.connections}`,
      f.bytesIn,
      f.bytesOut,
      f.errors,
      { since: f.started },
    ],
    health: f.errors ? 'failing' : 'ok',
  });

interface Props {
  title: string;
  forwards: PortForwardsApi;
  status: Status;
  /** Why F is off (read-only, RBAC), in the words its refusal uses; undefined when it is not. */
  forwardOff?: string;
  height: number;
  width: number;
  now: number;
  onClose(): void;
}

export function ForwardsView(p: Props) {
  const list = useSyncExternalStore(p.forwards.subscribe, p.forwards.list);
  // The selection is a forward's id: it stays on it as others start and stop.
  const [chosen, setChosen] = useState<number | undefined>();
  const at = Math.max(
    list.findIndex((f) => f.id === chosen),
    0,
  );
  const lastError = list[at]?.lastError;
  // The last error in full, over as many lines as it needs (the list gets fewer rows), while
  // the list keeps its title, its header and a row.
  const errorLines = lastError
    ? wrapWords(inertLine(`last error: ${lastError}`), Math.max(1, p.width)).slice(
        0,
        Math.max(1, p.height - 3),
      )
    : [' '];
  return (
    <Box flexDirection="column" height={p.height}>
      <PickList
        title={`${p.title}[${list.length}]`}
        deleted={false}
        columns={COLUMNS}
        rows={list.map(rowOf)}
        selected={at}
        empty={
          p.forwardOff
            ? `no port-forwards; ${p.forwardOff}`
            : 'no port-forwards: F on a pod, a service or a container starts one'
        }
        height={p.height - errorLines.length}
        width={p.width}
        now={p.now}
        keys={KEYS}
        select={(i) => setChosen(list[i]?.id)}
        onClose={p.onClose}
        onAction={(action, i) => {
          if (action !== 'stop') return false;
          const f = list[i];
          if (!f) {
            p.status.say('no port-forward here to stop', true);
            return true;
          }
          p.forwards.stop(f.id);
          // Its neighbour is selected next.
          setChosen(list[i + 1]?.id ?? list[i - 1]?.id);
          p.status.say(
            `stopped port-forward ${hostPort(f.address, f.localPort)} → ${forwardTarget(f)}`,
          );
          return true;
        }}
      />
      {errorLines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one message
        <Text key={i} color={healthColor('failing')} wrap="truncate-end">
          {line}
        </Text>
      ))}
    </Box>
  );
}
