// The user's config file, $XDG_CONFIG_HOME/kdeck/config.yaml (by default ~/.config/kdeck):
//
//   contexts:
//     prod-eu:
//       readOnly: true           # no key that changes the cluster, whatever the flags (but --write)
//       view: deployments        # the view kdeck opens on: what `:` takes (pods -A, deploy -n web)
//       namespace: web
//   aliases:
//     pp: pods -A -l tier=prod   # `:pp` runs `:pods -A -l tier=prod`
//
// A file kdeck cannot use never stops it: each problem is one line naming the file, the line
// and the field, and kdeck goes on without what was wrong. Mistakes fail safe, so that a
// production context the user meant to protect stays protected by a typo: a readOnly that is
// neither true nor false counts as true, `readonly` (any case) counts as readOnly, and a file
// that cannot be used as a whole (not YAML, unreadable) makes every context read-only, since
// which ones it meant to protect cannot be known.
import { readFileSync } from 'node:fs';
import { load, loadAll, type YAMLException } from 'js-yaml';
import { shortPath } from '../util/xdg.js';
import { keyLines } from '../util/yaml-lines.js';

export interface ContextConfig {
  readOnly?: boolean;
  /** A `:` command naming a view (kind and scope): `pods -A`, `deploy -n web`. */
  view?: string;
  namespace?: string;
}

export interface Config {
  /** The file read (or looked for). */
  file: string;
  contexts: Record<string, ContextConfig>;
  aliases: Record<string, string>;
  /** One line each: `FILE:LINE: FIELD: what is wrong`. */
  problems: string[];
  /** The file exists but cannot be used as a whole (not YAML, unreadable): every context is read-only. */
  unusable?: boolean;
  /** `FILE:LINE: FIELD` of the field at `path` (its key's line; the parent's if it has none). */
  at(path: string[]): string;
}

const UNUSABLE = 'every context read-only until it is fixed (--write to override)';

/** What the caller checks that this module cannot: the values' meaning to the `:` parser. */
export interface Checks {
  /** Why `text` is not a view (it may start with one of `aliases`); undefined when it is one. */
  view?(text: string, aliases: Record<string, string>): string | undefined;
  /** Why an alias cannot be `name`; undefined when it can. */
  alias?(name: string): string | undefined;
}

const TOP = ['contexts', 'aliases'];
const CONTEXT = ['readOnly', 'view', 'namespace'];
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ALIAS = /^[A-Za-z0-9][-\w]*$/;

/** The file's config; a missing file is no config, and no problem. */
export function loadConfig(file: string, checks: Checks = {}): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const empty = emptyConfig(file);
    if (code === 'ENOENT') return empty;
    return {
      ...empty,
      unusable: true,
      problems: [`${shortPath(file)}: cannot be read (${code ?? e}); ${UNUSABLE}`],
    };
  }
  return parseConfig(text, file, checks);
}

function emptyConfig(file: string): Config {
  return {
    file,
    contexts: {},
    aliases: {},
    problems: [],
    at: (path) => `${shortPath(file)}:1: ${path.join('.')}`,
  };
}

export function parseConfig(text: string, file: string, checks: Checks = {}): Config {
  const config = emptyConfig(file);
  const where = shortPath(file);
  let doc: unknown;
  let lines: Map<string, number>;
  try {
    // A file of nothing but comments and blank lines has no document, which js-yaml's load
    // calls an error: it is no config, and no problem.
    if (loadAll(text).length === 0) return config;
    doc = load(text);
    lines = keyLines(text);
  } catch (e) {
    const y = e as YAMLException;
    const line = y.mark ? `:${y.mark.line + 1}` : '';
    config.unusable = true;
    config.problems.push(`${where}${line}: not YAML (${y.reason ?? y.message}); ${UNUSABLE}`);
    return config;
  }
  config.at = (path) => {
    let line: number | undefined;
    for (let n = path.length; n > 0 && line === undefined; n--)
      line = lines.get(path.slice(0, n).join('.'));
    return `${where}:${line ?? 1}: ${path.join('.')}`;
  };
  const problem = (path: string[], what: string) =>
    config.problems.push(`${config.at(path)}: ${what}`);
  const unknown = (path: string[], known: string[]) => {
    const key = path.at(-1)!;
    const near = known.find((k) => k.toLowerCase() === key.toLowerCase());
    problem(
      path,
      `unknown field${near ? ` (did you mean ${near}?)` : ` (known: ${known.join(', ')})`}`,
    );
  };
  if (doc === null || doc === undefined) return config;
  if (!isMap(doc)) {
    config.unusable = true;
    config.problems.push(`${where}:1: expected a mapping of ${TOP.join(' and ')}; ${UNUSABLE}`);
    return config;
  }
  for (const key of Object.keys(doc)) if (!TOP.includes(key)) unknown([key], TOP);

  // Aliases first (a context's view may name one).
  const said = config.problems;
  config.problems = [];
  const aliases = doc.aliases;
  if (aliases !== undefined && aliases !== null && !isMap(aliases))
    problem(['aliases'], 'expected a mapping of alias names to commands');
  else
    for (const [name, v] of Object.entries(aliases ?? {})) {
      const at = ['aliases', name];
      const why = !ALIAS.test(name)
        ? 'an alias is one word (letters, digits, - and _)'
        : typeof v !== 'string' || !v.trim()
          ? 'expected the command it stands for, such as "pods -A"'
          : checks.alias?.(name);
      if (why) problem(at, why);
      else config.aliases[name] = (v as string).trim();
    }

  const aliasProblems = config.problems;
  config.problems = said;
  const contexts = doc.contexts;
  if (contexts !== undefined && contexts !== null && !isMap(contexts))
    problem(['contexts'], 'expected a mapping of context names');
  else
    for (const [name, value] of Object.entries(contexts ?? {})) {
      const path = ['contexts', name];
      if (value === null) continue;
      if (!isMap(value)) {
        problem(path, `expected a mapping of ${CONTEXT.join(', ')}`);
        continue;
      }
      const c: ContextConfig = {};
      for (const [field, v] of Object.entries(value)) {
        const at = [...path, field];
        if (field.toLowerCase() === 'readonly') {
          if (field !== 'readOnly') problem(at, 'unknown field (taken as readOnly)');
          // Two spellings true and false: true wins (fail safe).
          if (typeof v === 'boolean') c.readOnly = c.readOnly || v;
          else {
            c.readOnly = true;
            problem(at, 'expected true or false (taken as true)');
          }
        } else if (field === 'view') {
          const why =
            typeof v === 'string' && v.trim()
              ? checks.view?.(v, config.aliases)
              : 'expected a view such as "pods -A"';
          if (why) problem(at, why);
          else c.view = (v as string).trim();
        } else if (field === 'namespace') {
          if (typeof v === 'string' && NAMESPACE.test(v)) c.namespace = v;
          else problem(at, 'expected a namespace name');
        } else unknown(at, CONTEXT);
      }
      config.contexts[name] = c;
    }
  config.problems.push(...aliasProblems);
  config.problems = inFileOrder(config.problems, file);
  return config;
}

/**
 * Problems of `file` in the file's order, as a compiler says its errors: the checks run in
 * another (top-level fields, contexts, aliases, then what only the kubeconfig can tell).
 */
export function inFileOrder(problems: readonly string[], file: string): string[] {
  const where = shortPath(file);
  const lineOf = (p: string) => Number(/^:(\d+):/.exec(p.slice(where.length))?.[1] ?? 0);
  return [...problems].sort((a, b) => lineOf(a) - lineOf(b));
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
