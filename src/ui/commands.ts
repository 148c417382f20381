// What `:` command mode understands: `:KIND [NAMESPACE | all | -A] [-n NS] [-l SELECTOR]` for
// any kind the server serves (`:pods`, `:deploy kube-system`, `:sts -A`, `:po -l app=web`), and
// kdeck's own commands, which win over kinds: `:ctx [NAME]`, `:warnings`, `:pf`, `:q`, and
// `:apply -f PATH`, `:create -f PATH`, `:delete -f PATH`.
import type { ManifestVerb } from '../resources/manifest-plan.js';
import type { Registry } from '../resources/registry.js';
import { kindKey } from '../resources/registry.js';

export type Command =
  | { kind: 'open'; resource: string; namespace?: string | null; labelSelector?: string }
  | { kind: 'context'; name: string }
  | { kind: 'quit' }
  | { kind: 'warnings' }
  | { kind: 'forwards' }
  | ManifestCommand
  | { kind: 'error'; message: string };

/** `:apply -f PATH [-n NS] [-R]`: `namespace` is for the objects that name none. */
export interface ManifestCommand {
  kind: 'manifests';
  verb: ManifestVerb;
  path: string;
  namespace?: string;
  /** -R: the directories under the path too. */
  recursive?: boolean;
}

const MANIFEST_VERBS: readonly string[] = ['apply', 'create', 'delete'];

const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** `namespace: null` means all namespaces; undefined keeps the current one. */
export function parseCommand(text: string, kinds: Registry): Command {
  const [word = '', ...args] = text.trim().split(/\s+/);
  if (!word)
    return { kind: 'error', message: 'type a resource, e.g. :pods, :deploy, :svc, :ns, :ctx' };
  const error = (message: string): Command => ({ kind: 'error', message });
  if (['q', 'q!', 'quit', 'exit'].includes(word))
    return args.length ? error(`:${word} takes no argument`) : { kind: 'quit' };
  if (word === 'warnings')
    return args.length ? error(':warnings takes no argument') : { kind: 'warnings' };
  // k9s's names for its port-forwards page.
  if (word === 'pf' || word === 'portforwards')
    return args.length ? error(`:${word} takes no argument`) : { kind: 'forwards' };
  if (MANIFEST_VERBS.includes(word)) return manifestCommand(word as ManifestVerb, text);
  const r = kinds.find(word);
  if (!r) {
    const near = kinds.closest(word);
    return error(
      `the server doesn't have a resource type "${word}"${near.length ? ` (closest: ${near.join(', ')})` : ''}`,
    );
  }
  if (r.name === 'contexts') {
    if (args.length > 1) return error(`too many words in ":${text.trim()}"`);
    return args[0] ? { kind: 'context', name: args[0] } : { kind: 'open', resource: 'contexts' };
  }
  let namespace: string | null | undefined;
  /** A bare word after a kind: a namespace, where kubectl would read an object's name. */
  let bare = false;
  let labelSelector: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-l' || a === '-n') {
      const value = args[++i];
      if (!value) return error(`${a} needs a value`);
      if (a === '-l') labelSelector = value;
      else namespace = value;
    } else if (a === '-A' || a === 'all') namespace = null;
    else if (a.startsWith('-'))
      return error(`unknown flag ${a} (try -n NAMESPACE, -A, -l SELECTOR)`);
    else if (namespace === undefined) {
      namespace = a;
      bare = true;
    } else return error(`too many words in ":${text.trim()}"`);
  }
  // As kubectl does, -A and -n mean nothing to a kind without namespaces; a bare word would.
  if (!r.namespaced) {
    if (bare) return error(`${r.name} are not namespaced`);
    namespace = undefined;
  }
  if (namespace && !NAMESPACE.test(namespace))
    return error(`"${namespace}" is not a namespace name`);
  return {
    kind: 'open',
    resource: kindKey(r),
    ...(namespace !== undefined ? { namespace } : {}),
    ...(labelSelector ? { labelSelector } : {}),
  };
}

/** `:apply -f PATH [-n NS] [-R]`, kubectl's flags (`--filename`, `-f=PATH`… too). */
function manifestCommand(verb: ManifestVerb, text: string): Command {
  const usage = `:${verb} -f PATH [-n NAMESPACE] [-R] (a file or a directory of manifests)`;
  const error = (message: string): Command => ({ kind: 'error', message });
  const args = text.trim().split(/\s+/).slice(1);
  let path: string | undefined;
  let namespace: string | undefined;
  let recursive = false;
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (RECURSIVE_FLAGS.includes(word)) {
      recursive = true;
      continue;
    }
    const [flag, inline] = word.split(/=(.*)/s, 2);
    if (!FILE_FLAGS.includes(flag) && !NAMESPACE_FLAGS.includes(flag))
      return error(`unexpected "${word}": ${usage}`);
    const value = inline ?? args[++i];
    if (!value) return error(`${flag} needs a value: ${usage}`);
    if (FILE_FLAGS.includes(flag)) path = value;
    else namespace = value;
  }
  if (!path) return error(usage);
  if (namespace && !NAMESPACE.test(namespace))
    return error(`"${namespace}" is not a namespace name`);
  return {
    kind: 'manifests',
    verb,
    path,
    ...(namespace ? { namespace } : {}),
    ...(recursive ? { recursive } : {}),
  };
}

const FILE_FLAGS = ['-f', '--filename'];
const NAMESPACE_FLAGS = ['-n', '--namespace'];
const RECURSIVE_FLAGS = ['-R', '--recursive'];

/** Commands that are not resources, for Tab. */
const COMMANDS = ['warnings', ...MANIFEST_VERBS];

/** What Tab completes beyond kinds: the names the source knows. */
export interface Names {
  namespaces?: readonly string[];
  /** Context names to offer after `:ctx` (the current one left out: it is where you are). */
  contexts?: readonly string[];
  /** The paths `word` may go on to, after `-f` (directories end with `/`). */
  paths?(word: string): readonly string[];
}

/**
 * Tab in command mode: the word typed last, completed as far as it is unambiguous (a space
 * after it when only one name fits). The first word is a kind or a command; after a namespaced
 * kind (or `-n`), a namespace; after `:ctx`, a context name; after `:apply -f` (and create,
 * delete), a path.
 */
export function complete(text: string, kinds: Registry, names: Names = {}): string {
  const words = text.split(/\s+/);
  if (words.length === 1)
    return extend(text, [
      ...kinds.completions(text),
      ...COMMANDS.filter((c) => c.startsWith(text)),
    ]);
  if (MANIFEST_VERBS.includes(words[0])) {
    const last = words[words.length - 1];
    const before = words[words.length - 2];
    const options = FILE_FLAGS.includes(before)
      ? (names.paths?.(last) ?? [])
      : NAMESPACE_FLAGS.includes(before)
        ? (names.namespaces ?? [])
        : words.length === 2
          ? ['-f']
          : [];
    const done = extend(
      last,
      options.filter((o) => o.startsWith(last)),
    );
    return text.slice(0, text.length - last.length) + done;
  }
  const r = kinds.find(words[0]);
  if (!r) return text;
  const last = words[words.length - 1];
  const before = words.slice(1, -1);
  let options: readonly string[] = [];
  if (r.name === 'contexts') options = before.length ? [] : (names.contexts ?? []);
  else if (r.namespaced && !last.startsWith('-')) {
    const afterFlag = before[before.length - 1];
    const positional = before.filter(
      (w, i) => !w.startsWith('-') && before[i - 1] !== '-n' && before[i - 1] !== '-l',
    );
    if (
      afterFlag === '-n' ||
      (afterFlag !== '-l' && positional.length === 0 && !before.includes('-A'))
    )
      options = names.namespaces ?? [];
  }
  const done = extend(
    last,
    options.filter((o) => o.startsWith(last)),
  );
  return text.slice(0, text.length - last.length) + done;
}

/** `word` completed among `options` (those that start with it). */
function extend(word: string, options: readonly string[]): string {
  if (!options.length) return word;
  let common = options[0];
  for (const o of options) while (!o.startsWith(common)) common = common.slice(0, -1);
  // A directory goes on (its files next Tab); anything else is a whole word.
  if (options.length === 1) return common.endsWith('/') ? common : `${common} `;
  return common.length > word.length ? common : word;
}
