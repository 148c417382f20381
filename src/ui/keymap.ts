// Keybindings as data: one table drives dispatch, the hint bar and `?` help.
import type { Key } from 'ink';

export type Action =
  | 'up'
  | 'down'
  | 'top'
  | 'bottom'
  | 'pageUp'
  | 'pageDown'
  | 'enter'
  | 'back'
  | 'command'
  | 'filter'
  | 'allNamespaces'
  | 'sortNext'
  | 'sortReverse'
  | 'help'
  | 'quit'
  | 'mark'
  | 'scale'
  | 'delete'
  | 'restart'
  | 'logs'
  | 'describe'
  | 'yaml';

export interface Binding {
  action: Action;
  keys: string[];
  description: string;
  /** Shown in the hint bar at the bottom. */
  hint?: boolean;
  /** Changes the cluster: absent with --readonly, disabled when the server forbids it. */
  dangerous?: boolean;
  /** Only on these kinds (plural names); every kind when absent. */
  kinds?: string[];
  /** What the server must allow (SelfSubjectAccessReview). */
  permission?: { verb: string; subresource?: string };
}

export const BINDINGS: Binding[] = [
  {
    action: 'command',
    keys: [':'],
    description: 'command: :pods [ns], :deploy, :svc, :ns, :ctx [name], :q',
    hint: true,
  },
  {
    action: 'filter',
    keys: ['/'],
    description: 'filter rows (text or regex; -l app=x asks the server)',
    hint: true,
  },
  { action: 'help', keys: ['?'], description: 'help', hint: true },
  { action: 'quit', keys: ['q', 'ctrl-c'], description: 'quit', hint: true },
  { action: 'enter', keys: ['enter'], description: 'drill down / switch context', hint: true },
  { action: 'logs', keys: ['l'], description: 'logs', hint: true, kinds: ['pods', 'deployments'] },
  {
    action: 'describe',
    keys: ['d'],
    description: 'describe',
    hint: true,
    kinds: ['pods', 'deployments', 'services', 'replicasets', 'namespaces', 'nodes', 'events'],
  },
  {
    action: 'yaml',
    keys: ['y'],
    description: 'YAML',
    hint: true,
    kinds: ['pods', 'deployments', 'services', 'replicasets', 'namespaces', 'nodes', 'events'],
  },
  {
    action: 'scale',
    keys: ['s'],
    description: 'scale',
    hint: true,
    dangerous: true,
    kinds: ['deployments', 'replicasets'],
    permission: { verb: 'patch', subresource: 'scale' },
  },
  {
    action: 'restart',
    keys: ['r'],
    description: 'rollout restart',
    hint: true,
    dangerous: true,
    kinds: ['deployments'],
    permission: { verb: 'patch' },
  },
  {
    action: 'delete',
    keys: ['ctrl-d'],
    description: 'delete (marked rows, or the selected one)',
    hint: true,
    dangerous: true,
    kinds: ['pods', 'deployments', 'services', 'replicasets', 'namespaces'],
    permission: { verb: 'delete' },
  },
  {
    action: 'mark',
    keys: [' '],
    description: 'mark rows for delete',
    kinds: ['pods', 'deployments', 'services', 'replicasets', 'namespaces'],
  },
  { action: 'back', keys: ['esc'], description: 'back', hint: true },
  { action: 'allNamespaces', keys: ['0'], description: 'all namespaces', hint: true },
  { action: 'sortNext', keys: ['o'], description: 'sort by the next column', hint: true },
  { action: 'sortReverse', keys: ['O'], description: 'reverse the sort' },
  { action: 'up', keys: ['k', 'up'], description: 'up' },
  { action: 'down', keys: ['j', 'down'], description: 'down' },
  { action: 'top', keys: ['g', 'home'], description: 'top' },
  { action: 'bottom', keys: ['G', 'end'], description: 'bottom' },
  { action: 'pageUp', keys: ['pgup', 'ctrl-b'], description: 'page up' },
  { action: 'pageDown', keys: ['pgdn', 'ctrl-f'], description: 'page down' },
];

/** The name of a keypress as the table above spells it. */
export function keyName(input: string, key: Key): string {
  if (key.return) return 'enter';
  if (key.escape) return 'esc';
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.pageUp) return 'pgup';
  if (key.pageDown) return 'pgdn';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.tab) return 'tab';
  if (key.ctrl && input) return `ctrl-${input}`;
  return input;
}

/** The bindings that apply to a kind; --readonly leaves the dangerous ones out entirely. */
export function bindingsFor(resource: string, readonly: boolean): Binding[] {
  return BINDINGS.filter(
    (b) => (!b.kinds || b.kinds.includes(resource)) && !(readonly && b.dangerous),
  );
}

export function actionFor(name: string, bindings: Binding[] = BINDINGS): Action | undefined {
  return bindings.find((b) => b.keys.includes(name))?.action;
}
