// What `:` command mode understands: `:pods`, `:deploy kube-system`, `:svc all`, `:ctx NAME`,
// `:warnings` (the server's warnings of the session), `:q`.
import { completions, findResource, RESOURCES } from '../resources/index.js';

export type Command =
  | { kind: 'open'; resource: string; namespace?: string | null }
  | { kind: 'context'; name: string }
  | { kind: 'quit' }
  | { kind: 'warnings' }
  | { kind: 'error'; message: string };

/** `namespace: null` means all namespaces; undefined keeps the current one. */
export function parseCommand(text: string): Command {
  const [word = '', arg, ...rest] = text.trim().split(/\s+/);
  if (!word)
    return { kind: 'error', message: 'type a resource, e.g. :pods, :deploy, :svc, :ns, :ctx' };
  if (['q', 'q!', 'quit', 'exit'].includes(word)) return { kind: 'quit' };
  if (rest.length) return { kind: 'error', message: `too many words in ":${text.trim()}"` };
  if (word === 'warnings')
    return arg ? { kind: 'error', message: ':warnings takes no argument' } : { kind: 'warnings' };
  const r = findResource(word);
  if (!r) {
    const names = RESOURCES.map((x) => x.aliases[0] ?? x.name).join(', ');
    return { kind: 'error', message: `unknown resource "${word}" (try ${names})` };
  }
  if (r.name === 'contexts' && arg) return { kind: 'context', name: arg };
  if (arg && !r.namespaced) return { kind: 'error', message: `${r.name} are not namespaced` };
  if (arg === 'all' || arg === '-A') return { kind: 'open', resource: r.name, namespace: null };
  if (arg && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(arg))
    return { kind: 'error', message: `"${arg}" is not a namespace name` };
  return { kind: 'open', resource: r.name, ...(arg ? { namespace: arg } : {}) };
}

/** Commands that are not resources, for Tab. */
const COMMANDS = ['warnings'];

/** Tab in command mode: the word typed so far, completed as far as it is unambiguous. */
export function complete(text: string): string {
  if (/\s/.test(text)) return text;
  const options = [...completions(text), ...COMMANDS.filter((c) => c.startsWith(text))];
  if (!options.length) return text;
  let common = options[0];
  for (const o of options) while (!o.startsWith(common)) common = common.slice(0, -1);
  return options.length === 1 ? `${common} ` : common.length > text.length ? common : text;
}
