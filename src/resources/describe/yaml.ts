// What is shown as YAML: a kind without its own describer (its metadata, then the rest), and
// the whole object for the YAML view. Each line is made inert.
import { dump } from 'js-yaml';
import { inert } from '../../util/inert.js';
import type { KubeObject } from '../types.js';
import { annotations, type Doc, labels, rfc1123z } from './doc.js';
import { isSecret, secretShown } from './secrets.js';

export interface YamlOptions {
  /** The kind it was asked as: a Secret is masked even if the object does not say its kind. */
  kind?: string;
  /** managedFields are noise for people: hidden unless asked for. Default: false. */
  showManagedFields?: boolean;
  /** A Secret's values decoded rather than masked (secrets.ts). Default: false. */
  reveal?: boolean;
}

export function describeOther(d: Doc, o: KubeObject): void {
  const { metadata, apiVersion: _a, kind: _k, ...rest } = o;
  d.line(0, 'Name:', metadata?.name);
  if (metadata?.namespace) d.line(0, 'Namespace:', metadata.namespace);
  labels(d, 'Labels', metadata?.labels);
  annotations(d, 'Annotations', metadata?.annotations);
  d.line(0, 'CreationTimestamp:', rfc1123z(metadata?.creationTimestamp));
  if (!Object.keys(rest).length) return;
  for (const line of dump(rest, { lineWidth: -1, noRefs: true }).trimEnd().split('\n')) {
    d.raw(inert(line));
  }
}

/** The object as YAML, each line inert; a Secret's values masked unless `reveal`. */
export function yamlLines(o: KubeObject, opts: YamlOptions = {}): string[] {
  const shown = isSecret(opts.kind, o) ? secretShown(o, opts.reveal === true) : structuredClone(o);
  const { apiVersion, kind, ...rest } = shown;
  if (!opts.showManagedFields && rest.metadata) delete rest.metadata.managedFields;
  // kubectl's order: apiVersion and kind first, whatever order the server sent.
  return dump({ apiVersion, kind, ...rest }, { lineWidth: -1, noRefs: true, skipInvalid: true })
    .trimEnd()
    .split('\n')
    .map((line) => inert(line));
}
