// `F`: port-forward a pod, a service or a container. The object is read for its ports (a
// pod's or container's declared container ports, a service's ports); the bottom line asks
// where to listen, prefilled `127.0.0.1:<first port>`, and forwards to that first port. The
// answer is `[ADDRESS:]LOCAL[:REMOTE]`, as kubectl port-forward's `LOCAL:REMOTE` with
// --address: another of the ports (or, on a pod, any port) goes after the local one. Enter
// starts the forward in the background; `:pf` lists the running ones.
import type { KubeObject, ObjectRef } from '../resources/index.js';
import { inertLine } from '../util/inert.js';
import type { ClusterSource, ForwardRequest } from './cluster-source.js';
import type { PromptState } from './prompts.js';
import type { Message, Status } from './use-status.js';

export interface ForwardPrompt {
  kind: 'forward';
  value: string;
  target: Pick<ForwardRequest, 'namespace' | 'kind' | 'name'>;
  /** The ports declared (a service's, or the pod's containers'), the first one the default. */
  ports: number[];
  /** The container `F` was pressed on, if it was. */
  container?: string;
  note?: Message;
}

type SetPrompt = (
  p: PromptState | undefined | ((p: PromptState | undefined) => PromptState | undefined),
) => void;

const DEFAULT_ADDRESS = '127.0.0.1';

/** A service's ports, or those of a pod's containers (of one container, when named). */
export function portsOf(obj: KubeObject, kind: 'pod' | 'service', container?: string): number[] {
  if (kind === 'service')
    return (obj.spec?.ports ?? []).map((p: { port: number }) => p.port).filter(Number.isInteger);
  return (obj.spec?.containers ?? [])
    .filter((c: { name: string }) => container === undefined || c.name === container)
    .flatMap((c: { ports?: { containerPort: number; protocol?: string }[] }) =>
      (c.ports ?? []).filter((p) => (p.protocol ?? 'TCP') === 'TCP').map((p) => p.containerPort),
    );
}

/** Opens the prompt once the object is read (a prompt the user opened meanwhile stays). */
export async function openForwardPrompt(
  source: ClusterSource,
  ref: ObjectRef,
  setPrompt: SetPrompt,
  status: Status,
  container?: string,
): Promise<void> {
  const target: ForwardPrompt['target'] = {
    namespace: ref.namespace ?? source.info.namespace,
    kind: ref.resource.kind === 'Service' ? 'service' : 'pod',
    name: ref.name,
  };
  try {
    const obj = await source.actions.get(ref);
    // As kubectl port-forward refuses it, before asking anything: nothing runs to reach.
    const phase = obj.status?.phase;
    if (target.kind === 'pod' && phase !== 'Running')
      return status.say(
        `unable to forward port because pod is not running. Current status=${phase}`,
        true,
      );
    const ports = portsOf(obj, target.kind, container);
    if (!ports.length && target.kind === 'service')
      return status.say(`service ${target.name} has no ports`, true);
    const value = `${DEFAULT_ADDRESS}:${ports[0] ?? ''}`;
    setPrompt((p) => p ?? { kind: 'forward', value, target, ports, container });
  } catch (e) {
    status.say((e as Error).message, true);
  }
}

const short = (t: ForwardPrompt['target']) => `${t.kind === 'service' ? 'svc' : 'pod'}/${t.name}`;

/** `port-forward svc/nginx-server-service:8080 from: ` (other ports named, when there are). */
export function forwardLabel(p: ForwardPrompt): string {
  const others = p.ports.slice(1);
  const port = p.ports.length ? `:${p.ports[0]}` : ' (no declared port: LOCAL:REMOTE)';
  const also = others.length ? ` (also ${others.join(',')})` : '';
  return `port-forward ${inertLine(short(p.target))}${port}${also} from: `;
}

/** An address has no spaces: one typed is refused at once. */
export const refuseInAddress = (ch: string) =>
  /\s/.test(ch) ? 'an address has no spaces' : undefined;

/**
 * `[ADDRESS:]LOCAL[:REMOTE]`: `127.0.0.1:8080`, `8080`, `8080:80`, `0.0.0.0:8080:80`,
 * `[::1]:8080`. A one-line reason for anything else.
 */
export function parseForward(
  text: string,
  p: Pick<ForwardPrompt, 'ports' | 'target'>,
): { address: string; localPort: number; port: number } | { error: string } {
  const usage = 'type [ADDRESS:]LOCAL[:REMOTE], e.g. 127.0.0.1:8080';
  const m = /^(?:(\[[^\]]+\]|[^:[\]]+):)?(\d+)(?::(\d+))?$/.exec(text.trim());
  if (!m) return { error: usage };
  let [, address, local, remote] = m;
  // `8080:80` is LOCAL:REMOTE, as kubectl reads it: an address is not all digits.
  if (address && /^\d+$/.test(address) && remote === undefined) {
    remote = local;
    local = address;
    address = undefined as unknown as string;
  }
  const localPort = Number(local);
  const port = remote === undefined ? p.ports[0] : Number(remote);
  if (port === undefined) return { error: `no declared port: ${usage}:REMOTE` };
  if (localPort > 65535 || port < 1 || port > 65535)
    return { error: 'a port is a number from 1 to 65535 (0 for any free local port)' };
  if (p.target.kind === 'service' && !p.ports.includes(port))
    return { error: `service ${p.target.name} has no port ${port} (ports: ${p.ports.join(',')})` };
  return {
    address: (address ?? DEFAULT_ADDRESS).replace(/^\[(.*)\]$/, '$1'),
    localPort,
    port,
  };
}

/** Enter: the forward started, or the prompt again with why not (input that cannot be used). */
export async function submitForward(
  source: ClusterSource,
  p: ForwardPrompt,
  text: string,
  setPrompt: SetPrompt,
  status: Status,
): Promise<void> {
  const parsed = parseForward(text, p);
  if ('error' in parsed)
    return setPrompt({ ...p, value: text, note: { text: parsed.error, error: true } });
  status.say(`starting port-forward to ${short(p.target)}…`);
  try {
    const f = await source.forwards.start({ ...p.target, ...parsed });
    const pod = p.target.kind === 'service' ? ` (pod ${f.pod}:${f.podPort})` : '';
    const at = f.address.includes(':') ? `[${f.address}]` : f.address;
    status.say(
      `port-forward ${at}:${f.localPort} → ${short(p.target)}:${f.port}${pod} — :pf lists them`,
    );
  } catch (e) {
    status.say((e as Error).message, true);
  }
}
