// Keybindings as data: these tables drive dispatch, the hint bar, `?` help and README's key
// table (test/ui/keymap.test.ts holds README to them). One table per scope: a screen looks a
// key up in its own scope's table, so what help shows is what the key does.
import { HAS_POD_SPEC } from '../resources/pod-template.js';
import { SELECTS_PODS } from '../resources/registry.js';
import { jobsOfCronJob, objectsOfCrd } from '../resources/types.js';

export type Scope =
  | 'table'
  | 'containers'
  | 'revisions'
  | 'forwards'
  | 'text'
  | 'logs'
  | 'confirm'
  | 'apply'
  | 'prompt'
  | 'help'
  | 'global';

export type Action =
  // anywhere
  | 'quit'
  | 'command'
  | 'help'
  // tables
  | 'up'
  | 'down'
  | 'top'
  | 'bottom'
  | 'pageUp'
  | 'pageDown'
  | 'enter'
  | 'back'
  | 'filter'
  | 'allNamespaces'
  | 'sortNext'
  | 'sortReverse'
  | 'sortName'
  | 'sortAge'
  | 'sortCpu'
  | 'sortMem'
  | 'mark'
  | 'scale'
  | 'delete'
  /** :pf's Ctrl-D: stops a local forward, so neither a permission nor --readonly touches it
   * (the table's `delete` action, on the same key, is both checked and refused). */
  | 'stop'
  | 'restart'
  | 'image'
  | 'undo'
  | 'logs'
  | 'describe'
  | 'yaml'
  | 'copy'
  | 'owner'
  | 'wide'
  | 'edit'
  | 'portForward'
  | 'shell'
  // text and log pages
  | 'left'
  | 'right'
  | 'search'
  | 'next'
  | 'previousMatch'
  | 'wrap'
  | 'reveal'
  | 'follow'
  | 'previousContainer'
  | 'timestamps'
  | 'tail'
  | 'since'
  | 'save'
  // dialogs and prompts
  | 'toggle'
  | 'confirm'
  | 'cancel'
  | 'cascade'
  | 'force'
  | 'complete'
  | 'killLine'
  | 'killWord'
  | 'erase';

export interface Binding {
  action: Action;
  keys: string[];
  description: string;
  scope: Scope;
  /** Shown in the hint bar at the bottom. */
  hint?: boolean;
  /** The hint bar's word for it, where the action's name would not say what the key does. */
  short?: string;
  /** Changes the cluster (or prepares to: marking for delete): absent with --readonly
   * (pressing it says so); checked with the server where it names a permission. */
  dangerous?: boolean;
  /**
   * Only on these kinds (plural names); every kind when absent. Where discovery has said what
   * a kind offers, `needs` decides instead (with `only`, the kinds the action is made for).
   */
  kinds?: string[];
  /** What the kind must offer, as discovery says it: a verb, a subresource. */
  needs?: { verb?: string; subresource?: string };
  /** With `needs`: only these kinds (rollout restart is for workloads with pod templates). */
  only?: string[];
  /** Only on kinds that live in namespaces. */
  namespaced?: boolean;
  /** true: only on kinds whose rows lead somewhere on Enter (enterLeads); false: only on the
   * others. */
  drills?: boolean;
  /** Only on kinds with columns shown only wide (`kubectl get -o wide`'s). */
  wide?: boolean;
  /** Only on kinds showing the metrics API's figures (a CPU column: pods and nodes). */
  metrics?: boolean;
  /** What the server must allow (SelfSubjectAccessReview); `resource`: a core kind other than
   * the one on screen (a service's port-forward is a pod's). */
  permission?: { verb: string; subresource?: string; resource?: string };
  /** Only on a page that hides values it can show (a Secret's describe or YAML). */
  revealable?: boolean;
}

const ROW_KINDS = ['pods', 'deployments', 'services', 'replicasets', 'namespaces'];
const DESCRIBED = [...ROW_KINDS, 'nodes', 'events', 'secrets'];
/** `l`: a pod's logs, or those of every pod a workload or service selects, as in k9s. */
const LOGGED = ['pods', ...SELECTS_PODS.map((key) => key.split('.')[0])];

/** Ctrl-B is tmux's prefix key: inside tmux it never reaches kdeck, so Ctrl-U pages up too
 * (as in less and vi). Prompts keep Ctrl-U for clearing the line: they take keys first. */
const PAGE_UP: Pick<Binding, 'action' | 'keys' | 'description'> = {
  action: 'pageUp',
  keys: ['pgup', 'ctrl-u', 'ctrl-b'],
  description: 'page up (tmux takes Ctrl-B, its prefix)',
};

/** Moving in a list: the same four bindings on every list page. */
const moves = (scope: Scope): Binding[] => [
  { scope, action: 'up', keys: ['k', 'up'], description: 'up' },
  { scope, action: 'down', keys: ['j', 'down'], description: 'down' },
  { scope, action: 'top', keys: ['g', 'home'], description: 'top' },
  { scope, action: 'bottom', keys: ['G', 'end'], description: 'bottom' },
];

export const BINDINGS: Binding[] = [
  // global: wherever no screen or prompt took the key
  { scope: 'global', action: 'quit', keys: ['q', 'ctrl-c'], description: 'quit', hint: true },
  {
    scope: 'global',
    action: 'command',
    keys: [':'],
    description: 'command: :KIND [NS], :ctx, :warnings, :apply/:create/:delete -f, :q',
    hint: true,
  },
  { scope: 'global', action: 'help', keys: ['?'], description: 'help', hint: true },

  // tables
  {
    scope: 'table',
    action: 'enter',
    keys: ['enter'],
    // bindingsFor says where, for the kind on screen (enterLeads).
    description: 'drill down',
    hint: true,
    drills: true,
  },
  {
    // Where rows lead nowhere, Enter describes the row, as k9s's Enter does on such a kind.
    scope: 'table',
    action: 'describe',
    keys: ['enter'],
    description: 'describe',
    hint: true,
    drills: false,
    kinds: DESCRIBED,
    needs: { verb: 'get' },
  },
  { scope: 'table', action: 'back', keys: ['esc'], description: 'back (the filter first)' },
  {
    scope: 'table',
    action: 'filter',
    keys: ['/'],
    description: 'filter rows (!, -f, -l)',
    hint: true,
  },
  {
    scope: 'table',
    action: 'logs',
    keys: ['l'],
    description: 'logs',
    hint: true,
    kinds: LOGGED,
  },
  {
    scope: 'table',
    action: 'describe',
    keys: ['d'],
    description: 'describe',
    hint: true,
    kinds: DESCRIBED,
    needs: { verb: 'get' },
  },
  {
    scope: 'table',
    action: 'yaml',
    keys: ['y'],
    description: 'YAML',
    hint: true,
    kinds: DESCRIBED,
    needs: { verb: 'get' },
  },
  {
    scope: 'table',
    action: 'scale',
    keys: ['s'],
    description: 'scale',
    hint: true,
    dangerous: true,
    kinds: ['deployments', 'replicasets'],
    needs: { subresource: 'scale' },
    permission: { verb: 'patch', subresource: 'scale' },
  },
  {
    // `s` is what the kind offers: scale above where it scales, a shell on pods.
    scope: 'table',
    action: 'shell',
    keys: ['s'],
    description: 'shell in the container',
    short: 'shell',
    hint: true,
    dangerous: true,
    kinds: ['pods'],
    needs: { subresource: 'exec' },
    only: ['pods'],
    permission: { verb: 'create', subresource: 'exec' },
  },
  {
    scope: 'table',
    action: 'restart',
    keys: ['r'],
    description: 'rollout restart',
    hint: true,
    dangerous: true,
    kinds: ['deployments'],
    needs: { verb: 'patch' },
    only: ['deployments', 'statefulsets', 'daemonsets'],
    permission: { verb: 'patch' },
  },
  {
    scope: 'table',
    action: 'image',
    keys: ['i'],
    description: 'set image',
    short: 'set image',
    hint: true,
    dangerous: true,
    kinds: ['deployments', 'replicasets', 'pods'],
    needs: { verb: 'patch' },
    only: HAS_POD_SPEC,
    permission: { verb: 'patch' },
  },
  {
    scope: 'table',
    action: 'undo',
    keys: ['u'],
    description: 'roll back',
    short: 'roll back',
    hint: true,
    dangerous: true,
    kinds: ['deployments', 'statefulsets', 'daemonsets'],
    needs: { verb: 'patch' },
    only: ['deployments', 'statefulsets', 'daemonsets'],
    permission: { verb: 'patch' },
  },
  {
    scope: 'table',
    action: 'delete',
    keys: ['ctrl-d'],
    description: 'delete marked / selected',
    hint: true,
    dangerous: true,
    kinds: ROW_KINDS,
    needs: { verb: 'delete' },
    permission: { verb: 'delete' },
  },
  {
    scope: 'table',
    action: 'mark',
    keys: ['space'],
    description: 'mark rows for delete',
    dangerous: true,
    kinds: ROW_KINDS,
    needs: { verb: 'delete' },
  },
  {
    scope: 'table',
    action: 'allNamespaces',
    keys: ['0'],
    description: 'all namespaces / back',
    hint: true,
    namespaced: true,
  },
  {
    scope: 'table',
    action: 'sortNext',
    keys: ['o'],
    description: 'sort by the next column',
    hint: true,
  },
  { scope: 'table', action: 'copy', keys: ['c'], description: 'copy the name', hint: true },
  {
    scope: 'table',
    action: 'wide',
    keys: ['ctrl-w'],
    description: 'wide columns (-o wide)',
    wide: true,
  },
  {
    scope: 'table',
    action: 'owner',
    keys: ['J'],
    description: 'jump to the owner',
    hint: true,
    kinds: ['pods', 'replicasets', 'jobs'],
  },
  {
    // After the others: where the hint bar is short of room, this hint goes first.
    scope: 'table',
    action: 'edit',
    keys: ['e'],
    description: 'edit in $EDITOR',
    hint: true,
    dangerous: true,
    kinds: ROW_KINDS,
    needs: { verb: 'patch' },
    permission: { verb: 'patch' },
  },
  {
    // A service's goes to a ready pod behind it: the server is asked about pods/portforward.
    scope: 'table',
    action: 'portForward',
    keys: ['F'],
    description: 'port-forward (:pf lists them)',
    short: 'port-forward',
    dangerous: true,
    kinds: ['pods', 'services'],
    permission: { verb: 'create', resource: 'pods', subresource: 'portforward' },
  },
  { scope: 'table', action: 'sortReverse', keys: ['O'], description: 'reverse the sort' },
  { scope: 'table', action: 'sortName', keys: ['N'], description: 'sort by name / reverse' },
  { scope: 'table', action: 'sortAge', keys: ['A'], description: 'sort by age / reverse' },
  {
    scope: 'table',
    action: 'sortCpu',
    keys: ['C'],
    description: 'sort by CPU (busiest first) / reverse',
    metrics: true,
  },
  {
    scope: 'table',
    action: 'sortMem',
    keys: ['M'],
    description: 'sort by MEM (largest first) / reverse',
    metrics: true,
  },
  { scope: 'table', action: 'up', keys: ['k', 'up'], description: 'up' },
  { scope: 'table', action: 'down', keys: ['j', 'down'], description: 'down' },
  { scope: 'table', action: 'top', keys: ['g', 'home'], description: 'top' },
  { scope: 'table', action: 'bottom', keys: ['G', 'end'], description: 'bottom' },
  { scope: 'table', ...PAGE_UP },
  { scope: 'table', action: 'pageDown', keys: ['pgdn', 'ctrl-f'], description: 'page down' },

  // a pod's containers
  { scope: 'containers', action: 'back', keys: ['esc', 'q'], description: 'back', hint: true },
  {
    scope: 'containers',
    action: 'enter',
    keys: ['enter', 'l'],
    description: "the container's logs",
    short: 'logs',
    hint: true,
  },
  {
    scope: 'containers',
    action: 'portForward',
    keys: ['F'],
    description: "port-forward the container's port",
    short: 'port-forward',
    dangerous: true,
  },
  {
    // Checked as the pods' `s` is: the same action, over the same pods view.
    scope: 'containers',
    action: 'shell',
    keys: ['s'],
    description: 'shell in the container',
    short: 'shell',
    hint: true,
    dangerous: true,
    permission: { verb: 'create', subresource: 'exec' },
  },
  ...moves('containers'),

  // a deployment's, statefulset's or daemonset's revisions (u)
  { scope: 'revisions', action: 'back', keys: ['esc', 'q'], description: 'back', hint: true },
  {
    scope: 'revisions',
    action: 'confirm',
    keys: ['enter'],
    description: 'roll back to selected',
    short: 'roll back',
    hint: true,
  },
  ...moves('revisions'),

  // :pf, the port-forwards running
  { scope: 'forwards', action: 'back', keys: ['esc', 'q'], description: 'back', hint: true },
  {
    scope: 'forwards',
    action: 'stop',
    keys: ['ctrl-d'],
    description: 'stop the selected forward',
    short: 'stop',
    hint: true,
  },
  ...moves('forwards'),

  // describe and YAML
  { scope: 'text', action: 'back', keys: ['esc', 'q'], description: 'back', hint: true },
  { scope: 'text', action: 'search', keys: ['/'], description: 'search', hint: true },
  { scope: 'text', action: 'next', keys: ['n'], description: 'next match', hint: true },
  { scope: 'text', action: 'previousMatch', keys: ['N'], description: 'previous match' },
  { scope: 'text', action: 'wrap', keys: ['w'], description: 'wrap long lines', hint: true },
  {
    scope: 'text',
    action: 'copy',
    keys: ['c'],
    description: 'copy the lines on screen (with a search: the lines it matches)',
  },
  {
    scope: 'text',
    action: 'reveal',
    keys: ['x'],
    description: 'show / hide secret values',
    hint: true,
    revealable: true,
  },
  { scope: 'text', action: 'left', keys: ['left', 'h'], description: 'scroll left', hint: true },
  { scope: 'text', action: 'right', keys: ['right', 'l'], description: 'scroll right' },
  { scope: 'text', action: 'up', keys: ['k', 'up'], description: 'up' },
  { scope: 'text', action: 'down', keys: ['j', 'down'], description: 'down' },
  { scope: 'text', action: 'top', keys: ['g', 'home'], description: 'top', hint: true },
  { scope: 'text', action: 'bottom', keys: ['G', 'end'], description: 'bottom' },
  { scope: 'text', ...PAGE_UP },
  {
    scope: 'text',
    action: 'pageDown',
    keys: ['pgdn', 'ctrl-f', 'space'],
    description: 'page down',
  },

  // logs
  { scope: 'logs', action: 'back', keys: ['esc', 'q'], description: 'back', hint: true },
  { scope: 'logs', action: 'follow', keys: ['f', 'end', 'G'], description: 'follow', hint: true },
  {
    scope: 'logs',
    action: 'previousContainer',
    keys: ['p'],
    description: 'previous container',
    hint: true,
  },
  { scope: 'logs', action: 'timestamps', keys: ['t'], description: 'timestamps', hint: true },
  { scope: 'logs', action: 'wrap', keys: ['w'], description: 'wrap', hint: true },
  { scope: 'logs', action: 'search', keys: ['/'], description: 'search', hint: true },
  { scope: 'logs', action: 'next', keys: ['n'], description: 'next match' },
  {
    // As k9s's log view's `c`.
    scope: 'logs',
    action: 'copy',
    keys: ['c'],
    description: 'copy the lines on screen (with a search: the lines it matches)',
  },
  { scope: 'logs', action: 'previousMatch', keys: ['N'], description: 'previous match' },
  { scope: 'logs', action: 'tail', keys: ['0'], description: 'last 100 lines', hint: true },
  {
    scope: 'logs',
    action: 'since',
    keys: ['1', '2', '3', '4', '5'],
    description: 'since 1m 5m 15m 30m 1h',
    hint: true,
  },
  { scope: 'logs', action: 'save', keys: ['ctrl-s'], description: 'save to a file', hint: true },
  { scope: 'logs', action: 'up', keys: ['k', 'up'], description: 'up (pauses following)' },
  { scope: 'logs', action: 'down', keys: ['j', 'down'], description: 'down' },
  { scope: 'logs', action: 'top', keys: ['g', 'home'], description: 'top' },
  { scope: 'logs', ...PAGE_UP },
  { scope: 'logs', action: 'pageDown', keys: ['pgdn', 'ctrl-f'], description: 'page down' },
  {
    scope: 'logs',
    action: 'confirm',
    keys: ['enter'],
    description: 'choose the container',
  },

  // confirmations (delete, restart)
  {
    scope: 'confirm',
    action: 'toggle',
    keys: ['tab', 'left', 'right', 'h', 'l'],
    description: 'Cancel or the action',
  },
  {
    scope: 'confirm',
    action: 'confirm',
    keys: ['enter'],
    description: 'do it (Cancel: default)',
  },
  { scope: 'confirm', action: 'cancel', keys: ['esc', 'q'], description: 'cancel' },
  {
    scope: 'confirm',
    action: 'cascade',
    keys: ['c'],
    description: 'cascade: bg / fg / orphan',
  },
  { scope: 'confirm', action: 'force', keys: ['f'], description: 'force (pods)' },

  // the preview of :apply -f / :create -f / :delete -f, then its results
  {
    scope: 'apply',
    action: 'confirm',
    keys: ['enter'],
    description:
      'apply / create / delete what the preview lists; nothing to send, or on the results: close',
    short: 'apply',
    hint: true,
  },
  {
    scope: 'apply',
    action: 'cancel',
    keys: ['esc', 'q'],
    description: 'cancel: nothing changes (on the results: close)',
    short: 'cancel',
    hint: true,
  },
  {
    scope: 'apply',
    action: 'force',
    keys: ['f'],
    description: 'force the conflicting fields (--force-conflicts)',
    short: 'force conflicts',
    hint: true,
  },
  ...moves('apply'),
  { scope: 'apply', ...PAGE_UP },
  {
    scope: 'apply',
    action: 'pageDown',
    keys: ['pgdn', 'ctrl-f', 'space'],
    description: 'page down',
  },

  // prompts (command, filter, scale, search)
  { scope: 'prompt', action: 'confirm', keys: ['enter'], description: 'run / apply' },
  { scope: 'prompt', action: 'cancel', keys: ['esc'], description: 'cancel' },
  { scope: 'prompt', action: 'complete', keys: ['tab'], description: 'complete (command)' },
  { scope: 'prompt', action: 'erase', keys: ['backspace'], description: 'delete a character' },
  { scope: 'prompt', action: 'killLine', keys: ['ctrl-u'], description: 'clear the line' },
  { scope: 'prompt', action: 'killWord', keys: ['ctrl-w'], description: 'delete the last word' },

  // help
  { scope: 'help', action: 'back', keys: ['esc', '?', 'q'], description: 'close help', hint: true },
];

export interface KindInfo {
  name: string;
  namespaced: boolean;
  /** What discovery says the kind offers; unknown before it has answered. */
  verbs?: string[];
  subresources?: string[];
  /** Where Enter leads from a row (its pods, its jobs), if anywhere: ResourceDef's drill. */
  drill?: unknown;
  /** Its columns; those `hidden` are `-o wide`'s. */
  columns?: readonly { name?: string; hidden?: boolean }[];
}

/** What a page of text offers beyond scrolling and searching. */
export interface PageInfo {
  /** It hides values it can show: a Secret's describe or YAML. */
  revealable?: boolean;
}

/**
 * Where Enter leads from a kind's rows, in help's words and the hint bar's; undefined where
 * they lead nowhere (Enter then describes the row). As the table screen's drill() goes.
 */
export function enterLeads(kind?: KindInfo): Pick<Binding, 'description' | 'short'> | undefined {
  if (kind?.name === 'contexts') return { description: 'switch to the context', short: 'switch' };
  // A pod's containers are read from the pod when Enter is pressed: pods have no drill.
  if (kind?.name === 'pods') return { description: 'its containers', short: 'containers' };
  if (kind?.drill === undefined) return undefined;
  if (kind.drill === objectsOfCrd) return { description: 'its objects', short: 'objects' };
  return kind.drill === jobsOfCronJob
    ? { description: 'its jobs', short: 'jobs' }
    : { description: 'its pods', short: 'pods' };
}

/** The bindings of a scope that apply to a kind (tables: only the kind's own) or a page. */
export function bindingsFor(scope: Scope, kind?: KindInfo, page: PageInfo = {}): Binding[] {
  const leads = enterLeads(kind);
  return BINDINGS.filter(
    (b) =>
      b.scope === scope &&
      offers(b, kind) &&
      (!b.namespaced || kind?.namespaced === true) &&
      (b.drills === undefined || b.drills === (leads !== undefined)) &&
      (!b.wide || kind?.columns?.some((c) => c.hidden) === true) &&
      (!b.metrics || kind?.columns?.some((c) => c.name === 'CPU') === true) &&
      (!b.revealable || page.revealable === true),
  ).map((b) => (b.drills && leads ? { ...b, ...leads } : b));
}

/** The kind offers what the binding needs: as discovery says it, else by the kinds named. */
function offers(b: Binding, kind?: KindInfo): boolean {
  if (b.needs && kind?.verbs) {
    const { verb, subresource } = b.needs;
    return (
      (!b.only || b.only.includes(kind.name)) &&
      (!verb || kind.verbs.includes(verb)) &&
      (!subresource || kind.subresources?.includes(subresource) === true)
    );
  }
  return !b.kinds || (kind !== undefined && b.kinds.includes(kind.name));
}

/** What is shown: --readonly leaves the dangerous keys out of hints and help. */
export const shown = (bindings: Binding[], readonly: boolean) =>
  readonly ? bindings.filter((b) => !b.dangerous) : bindings;

/** A key some table binds: one a kind may turn out to have once its columns are known. */
export const isTableKey = (key: string) =>
  BINDINGS.some((b) => b.scope === 'table' && b.keys.includes(key));

export function bindingFor(key: string, bindings: Binding[]): Binding | undefined {
  return bindings.find((b) => b.keys.includes(key));
}

export function actionFor(key: string, bindings: Binding[]): Action | undefined {
  return bindingFor(key, bindings)?.action;
}

/** The hint bar's words for actions whose name says less (and no `short` of their own). */
const HINT_NAMES: Partial<Record<Action, string>> = {
  command: 'cmd',
  allNamespaces: 'all ns',
  sortNext: 'sort',
  describe: 'desc',
  previousContainer: 'previous',
  timestamps: 'time',
};

/** What a key is called, in the hint bar and when it is refused: its `short`, else its action. */
export const keyWord = (b: Binding): string => b.short ?? HINT_NAMES[b.action] ?? b.action;

/** A key as help and hints spell it. */
export const keyLabel = (k: string) => (k === ' ' ? 'space' : k);
