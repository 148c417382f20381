// Reading what `:apply -f`, `:create -f` and `:delete -f` are given: a file or a directory of
// .yaml/.yml/.json files (not recursive, as kubectl without -R), multi-document YAML, `List`s
// expanded into their items. Anything that does not parse, or a document that is not an
// object kubectl would accept, is one line naming the file and line, and nothing is read.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import type { KubeObject } from '../resources/index.js';
import type { Manifest, ManifestsRead } from '../resources/manifest-plan.js';
import { MANIFEST_EXTENSIONS as EXTENSIONS, expandHome, expandPath } from '../util/paths.js';

/**
 * Reads every manifest under `path` (kubectl's errors where it has one for the case); with
 * `recursive` (-R), in the directories under it too. Messages name `~/x` expanded, as the
 * shell hands it to kubectl.
 */
export function readManifests(
  typed: string,
  { cwd = process.cwd(), recursive = false }: { cwd?: string; recursive?: boolean } = {},
): ManifestsRead {
  const path = expandHome(typed);
  const full = expandPath(path, cwd);
  let files: string[];
  try {
    const st = statSync(full);
    if (st.isDirectory()) {
      files = filesIn(full, path, recursive);
      if (!files.length)
        return {
          ok: false,
          error: `error reading ${path}: recognized file extensions are [${EXTENSIONS.join(' ')}]`,
        };
    } else if (st.isFile()) files = [path];
    // A pipe or a device would hold the screen while it is read, or never end.
    else return { ok: false, error: `error reading ${path}: not a regular file` };
  } catch {
    return { ok: false, error: `the path "${path}" does not exist` };
  }
  const manifests: Manifest[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(expandPath(file, cwd), 'utf8');
    } catch (e) {
      return { ok: false, error: `error reading ${file}: ${(e as Error).message}` };
    }
    const read = parseManifests(text, file);
    if (!read.ok) return read;
    manifests.push(...read.manifests);
  }
  if (!manifests.length) return { ok: false, error: `no objects passed in ${path}` };
  return { ok: true, manifests };
}

/**
 * A directory's manifest files in name order, as `shown` joined to their names; with
 * `recursive`, its subdirectories' where they sort (filepath.Walk's order, as kubectl -R;
 * like it, a link to a directory is not followed).
 */
function filesIn(full: string, shown: string, recursive: boolean): string[] {
  return readdirSync(full, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((d) => {
      if (d.isDirectory())
        return recursive ? filesIn(join(full, d.name), join(shown, d.name), true) : [];
      const manifest = EXTENSIONS.some((e) => d.name.endsWith(e)) && isFile(join(full, d.name));
      return manifest ? [join(shown, d.name)] : [];
    });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The objects in one file's text: JSON for a .json file, else YAML documents. */
export function parseManifests(text: string, file: string): ManifestsRead {
  const docs = file.endsWith('.json') ? jsonDocument(text, file) : yamlDocuments(text, file);
  if (!Array.isArray(docs)) return docs;
  const manifests: Manifest[] = [];
  for (const { line, value } of docs) {
    if (value === null || value === undefined) continue;
    const where = `"${file}" (line ${line})`;
    if (typeof value !== 'object' || Array.isArray(value))
      return { ok: false, error: `error validating ${where}: not an object with a kind` };
    // `kind: List` (and `DeploymentList`…): its items, as kubectl reads them.
    const items = /List$/.test(String(value.kind ?? '')) && Array.isArray(value.items);
    for (const object of items ? value.items : [value]) {
      const missing = invalidObject(object);
      if (missing) return { ok: false, error: `error validating ${where}: ${missing}` };
      manifests.push({ file, line, object });
    }
  }
  return { ok: true, manifests };
}

/** What kubectl's validation says of an object without the fields every object needs. */
function invalidObject(o: unknown): string | undefined {
  if (!o || typeof o !== 'object' || Array.isArray(o)) return 'an item is not an object';
  const obj = o as KubeObject;
  const missing = [
    typeof obj.apiVersion !== 'string' || !obj.apiVersion ? 'apiVersion not set' : '',
    typeof obj.kind !== 'string' || !obj.kind ? 'kind not set' : '',
  ].filter(Boolean);
  if (missing.length) return missing.join(', ');
  if (obj.metadata !== undefined && (typeof obj.metadata !== 'object' || obj.metadata === null))
    return 'metadata is not an object';
  if (typeof obj.metadata?.name !== 'string' || !obj.metadata.name)
    return `${obj.kind} has no metadata.name (kdeck does not apply generateName objects)`;
  return undefined;
}

interface Document {
  line: number;
  // biome-ignore lint/suspicious/noExplicitAny: a parsed document, checked by parseManifests
  value: any;
}

/**
 * YAML's documents, each with the line it starts on. Split at the `---` lines first (a marker
 * is always at column 0; a block scalar's lines are indented), so that an error can name the
 * line of the file and each object the line of its document.
 */
function yamlDocuments(text: string, file: string): Document[] | ManifestsRead {
  const lines = text.split(/\r?\n/);
  const chunks: { line: number; text: string[] }[] = [{ line: 1, text: [] }];
  lines.forEach((l, i) => {
    const marker = /^---(?:\s+(.*))?$/.exec(l);
    if (marker) chunks.push({ line: i + 1, text: [marker[1] ?? ''] });
    else if (/^\.\.\.\s*$/.test(l)) chunks[chunks.length - 1].text.push('');
    else chunks[chunks.length - 1].text.push(l);
  });
  const docs: Document[] = [];
  for (const chunk of chunks) {
    // Only comments and blank lines: no document (js-yaml would call it empty input).
    if (!chunk.text.some((l) => l.trim() && !l.trim().startsWith('#'))) continue;
    try {
      docs.push({ line: firstContent(chunk), value: load(chunk.text.join('\n')) });
    } catch (e) {
      // biome-ignore lint/suspicious/noExplicitAny: js-yaml's YAMLException
      const x = e as any;
      const at = typeof x?.mark?.line === 'number' ? chunk.line + x.mark.line : chunk.line;
      const reason = String(x?.reason ?? x?.message ?? e).split('\n')[0];
      return { ok: false, error: `error parsing ${file}: line ${at}: ${reason}` };
    }
  }
  return docs;
}

/** The line a chunk's content starts on (after comments and blank lines). */
function firstContent(chunk: { line: number; text: string[] }): number {
  const i = chunk.text.findIndex((l) => l.trim() && !l.trim().startsWith('#'));
  return chunk.line + Math.max(0, i);
}

function jsonDocument(text: string, file: string): Document[] | ManifestsRead {
  try {
    return [{ line: 1, value: JSON.parse(text) }];
  } catch (e) {
    // V8 quotes the text around the error, new lines and all: only its first words are kept.
    const reason = (e as Error).message.split(/, "|, \.\.\.| in JSON|\s*\(line|\n/)[0];
    const line = text.slice(0, jsonErrorOffset(text)).split('\n').length;
    return { ok: false, error: `error parsing ${file}: line ${line}: ${reason}` };
  }
}

/**
 * Where JSON text goes wrong (V8 does not always say): the shortest start of it that is not
 * the start of some valid JSON. Every shorter one parses, or ends too soon; found by halving.
 */
function jsonErrorOffset(text: string): number {
  const fine = (n: number) => {
    try {
      JSON.parse(text.slice(0, n));
      return true;
    } catch (e) {
      // Cut short: the input ends (a string left open, a value awaited) where the error is.
      const message = (e as Error).message;
      const at = /at position (\d+)/.exec(message)?.[1];
      return /end of JSON input/.test(message) || (at !== undefined && Number(at) >= n);
    }
  };
  let good = 0;
  let bad = text.length;
  while (bad - good > 1) {
    const mid = Math.floor((good + bad) / 2);
    if (fine(mid)) good = mid;
    else bad = mid;
  }
  return good;
}
