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
  | 'quit';

export interface Binding {
  action: Action;
  keys: string[];
  description: string;
  /** Shown in the hint bar at the bottom. */
  hint?: boolean;
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
  { action: 'enter', keys: ['enter'], description: 'drill down / switch context', hint: true },
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
  { action: 'help', keys: ['?'], description: 'help', hint: true },
  { action: 'quit', keys: ['q', 'ctrl-c'], description: 'quit', hint: true },
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

export function actionFor(name: string): Action | undefined {
  return BINDINGS.find((b) => b.keys.includes(name))?.action;
}
