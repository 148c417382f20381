// What is shown as YAML: a kind without its own describer (its metadata, then the rest), and
// the whole object for the YAML view. Each line is made inert.
import { dump } from 'js-yaml';
import { inert } from '../../util/inert.js';
import type { KubeObject } from '../types.js';
import { annotations, type Doc, labels, rfc1123z } from './doc.js';

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

/** The object as YAML, each line inert; managedFields are noise for people and hidden unless asked for. */
export function yamlLines(o: KubeObject, showManagedFields = false): string[] {
  const { apiVersion, kind, ...rest } = structuredClone(o);
  if (!showManagedFields && rest.metadata) delete rest.metadata.managedFields;
  // kubectl's order: apiVersion and kind first, whatever order the server sent.
  return dump({ apiVersion, kind, ...rest }, { lineWidth: -1, noRefs: true, skipInvalid: true })
    .trimEnd()
    .split('\n')
    .map((line) => inert(line));
}
