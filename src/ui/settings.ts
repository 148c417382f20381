// Where the config file, the remembered views and the flags meet: whether a context is
// read-only and why, the view a context opens on, and what an alias stands for. One object,
// made before the screen and asked again on each `:ctx`, so that a switched-to context brings
// its own settings.
import { basename, join } from 'node:path';
import { type Config, inFileOrder, loadConfig } from '../config/config.js';
import { type RememberedView, StateFile } from '../config/state.js';
import { BUILT_IN, type Registry } from '../resources/registry.js';
import { configHome, stateHome } from '../util/xdg.js';
import type { ClusterInfo } from './cluster-source.js';
import { parseCommand } from './commands.js';
import type { ViewSpec } from './navigation.js';

/** kdeck's own commands: an alias may not take their names (`:q` must always quit). */
const RESERVED = [
  'q',
  'q!',
  'quit',
  'exit',
  'warnings',
  'pf',
  'portforwards',
  'apply',
  'create',
  'delete',
  'ctx',
  'context',
  'contexts',
];

export interface SettingsFlags {
  /** --readonly: always read-only, whatever else says. */
  readonly?: boolean;
  /** --write: a context made read-only by the config or the kubeconfig is writable. */
  write?: boolean;
}

type Scoped = { resource: string; namespace?: string | null; labelSelector?: string };

export class Settings {
  /** The last view of each context: the state file's, then this run's as it changes. */
  private readonly remembered: Record<string, RememberedView>;
  /** Problems found once the kubeconfig is known (a context it does not have). */
  private readonly later: string[] = [];

  constructor(
    private readonly flags: SettingsFlags = {},
    readonly config?: Config,
    private readonly state?: StateFile,
  ) {
    this.remembered = state?.views() ?? {};
  }

  /** Every problem found in the config file, one line each. */
  get problems(): string[] {
    if (!this.config) return [];
    return inFileOrder([...this.config.problems, ...this.later], this.config.file);
  }

  /**
   * Says each context of the config file that the kubeconfig does not have: a production
   * context's name mistyped would otherwise leave the real one unprotected without a word.
   */
  checkContexts(names: string[]): void {
    for (const name of Object.keys(this.config?.contexts ?? {}))
      if (!names.includes(name))
        this.later.push(
          `${this.config!.at(['contexts', name])}: no context ${name} in the kubeconfig`,
        );
  }

  /** Why the context is read-only, as messages name it; undefined when it is not. */
  readonlyWhy(info: ClusterInfo): string | undefined {
    if (this.flags.readonly) return '--readonly';
    if (this.flags.write) return undefined;
    // A file that cannot be read may have meant to protect any context: all of them are.
    if (this.config?.unusable) return `${basename(this.config.file)} unreadable`;
    if (this.config?.contexts[info.context]?.readOnly)
      return `context ${info.context} in ${basename(this.config.file)}`;
    if (info.readonly) return `context ${info.context} in kubeconfig`;
    return undefined;
  }

  /** The context's configured view, its alias expanded (a bad one was dropped when read). */
  private configuredView(context: string): Scoped | undefined {
    const text = this.config?.contexts[context]?.view;
    if (text === undefined) return undefined;
    const parsed = parseView(this.expand(text));
    return 'error' in parsed ? undefined : parsed;
  }

  /**
   * The config's view of `context` naming a kind the server does not serve, as a problem
   * line; only the server's discovery (`kinds`) can tell, so it is asked once that answers.
   */
  viewProblem(context: string, kinds: Registry): string | undefined {
    const v = this.configuredView(context);
    if (!v || kinds.find(v.resource)) return undefined;
    return `${this.config!.at(['contexts', context, 'view'])}: the server doesn't have a resource type "${v.resource}"`;
  }

  /**
   * The view a context opens on. Each part comes from the first that says it: the flags
   * (`namespace`: -n's name, null for -A), the context's config, the view remembered from the
   * last run (only where the config names no view), then pods in the context's namespace.
   */
  startView(info: ClusterInfo, flagNamespace?: string | null): ViewSpec {
    const own = this.config?.contexts[info.context] ?? {};
    const configured = this.configuredView(info.context);
    const last = configured ? undefined : this.remembered[info.context];
    // A label selector belongs to its kind: it comes from where the kind comes from.
    const kind = configured ?? (last && { resource: last.kind, labelSelector: last.labelSelector });
    // null: all namespaces; undefined: this one does not say.
    const namespace = [
      flagNamespace,
      configured?.namespace,
      own.namespace,
      last && (last.namespace ?? null),
    ].find((n) => n !== undefined);
    return {
      resource: kind?.resource ?? 'pods',
      namespace: namespace === undefined ? info.namespace : (namespace ?? undefined),
      ...(kind?.labelSelector ? { labelSelector: kind.labelSelector } : {}),
    };
  }

  /**
   * Remembers the view open in `context` (kind, namespace, selector) for `:ctx` back into it
   * and for the next run. The contexts list is not a context's view: opening on it would leave
   * nothing to go back to.
   */
  remember(context: string, view: ViewSpec): void {
    if (view.resource === 'contexts') return;
    const v: RememberedView = {
      kind: view.resource,
      ...(view.namespace ? { namespace: view.namespace } : {}),
      ...(view.labelSelector ? { labelSelector: view.labelSelector } : {}),
    };
    if (JSON.stringify(v) === JSON.stringify(this.remembered[context] ?? {})) return;
    this.remembered[context] = v;
    this.state?.remember(context, v);
  }

  /** A command line with its first word's alias, if it is one, replaced by what it stands for. */
  expand(text: string): string {
    return expandAlias(text, this.config?.aliases ?? {});
  }

  /** `message`, the error of the command `text` typed, saying which alias it came through. */
  aliasError(text: string, message: string): string {
    const aliases = this.config?.aliases ?? {};
    const word = text.trim().split(/\s+/)[0];
    if (!Object.hasOwn(aliases, word)) return message;
    const to = aliases[word];
    const inner = to.split(/\s+/)[0];
    const chained = Object.hasOwn(aliases, inner)
      ? `; an alias does not expand another, and ${inner} is one`
      : '';
    return `${message} (:${word} is an alias of "${to}"${chained})`;
  }
}

/**
 * `text` with its first word, if it is one of `aliases`, replaced by what it stands for. Once:
 * an alias standing for another alias is not expanded again (the error names the alias).
 */
export function expandAlias(text: string, aliases: Record<string, string>): string {
  const [, lead, word, rest] = /^(\s*)(\S*)(.*)$/s.exec(text)!;
  const to = Object.hasOwn(aliases, word) ? aliases[word] : undefined;
  return to === undefined ? text : `${lead}${to}${rest}`;
}

/** A view as a `:` command names it: a kind and its scope. */
export function parseView(text: string): Scoped | { error: string } {
  const c = parseCommand(text, BUILT_IN);
  if (c.kind === 'open') return c;
  if (c.kind === 'error' && /resource type/.test(c.message)) {
    // A kind only the server knows (a CRD): its word kept, found once discovery answers.
    const [word, ...scope] = text.trim().split(/\s+/);
    const rest = parseCommand(['pods', ...scope].join(' '), BUILT_IN);
    return rest.kind === 'open' ? { ...rest, resource: word } : { error: errorOf(rest) };
  }
  return { error: errorOf(c) };
}

const errorOf = (c: ReturnType<typeof parseCommand>) =>
  c.kind === 'error' ? c.message : 'expected a view (a kind and its scope: pods -A, deploy -n web)';

/** The settings of this run: the config file read (its problems said), the state file. */
export function loadSettings(flags: SettingsFlags, env: NodeJS.ProcessEnv = process.env): Settings {
  const config = loadConfig(join(configHome(env), 'kdeck', 'config.yaml'), {
    view: (text, aliases) => {
      const v = parseView(expandAlias(text, aliases));
      return 'error' in v ? v.error : undefined;
    },
    alias: (name) =>
      RESERVED.includes(name)
        ? `${name} is a kdeck command; an alias cannot replace it`
        : undefined,
  });
  return new Settings(flags, config, new StateFile(join(stateHome(env), 'kdeck', 'state.yaml')));
}
