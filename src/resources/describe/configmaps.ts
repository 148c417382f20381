// kubectl's describeConfigMap. Its values are the point of a ConfigMap (config files,
// scripts, certificates), so each is printed whole under its key, line for line as written,
// rather than squeezed into a column.
import type { KubeObject } from '../types.js';
import { annotations, type Doc, labels, sortedKeys } from './doc.js';

/**
 * Metadata; under Data each key (sorted, as kubectl 1.34 and later sort them), a `----` rule
 * and its value, then a blank line; under BinaryData each key with its size. The blank lines
 * are kubectl's: a value ending in a newline leaves one more.
 */
export function describeConfigMap(d: Doc, o: KubeObject): void {
  const m = o.metadata ?? {};
  d.line(0, 'Name:', m.name);
  d.line(0, 'Namespace:', m.namespace);
  labels(d, 'Labels', m.labels);
  annotations(d, 'Annotations', m.annotations);
  d.raw('');
  d.raw('Data');
  d.raw('====');
  for (const k of sortedKeys(o.data)) {
    d.line(0, `${k}:`);
    d.raw('----');
    // kubectl writes the value through its tabwriter like any other text: a tab in it is a
    // column break, aligned with the lines around it, so it is one here too.
    for (const line of String(o.data[k] ?? '').split(/\r?\n/)) d.line(0, ...line.split('\t'));
    d.raw('');
  }
  d.raw('');
  d.raw('BinaryData');
  d.raw('====');
  for (const k of sortedKeys(o.binaryData)) {
    d.line(0, `${k}: ${Buffer.from(String(o.binaryData[k] ?? ''), 'base64').length} bytes`);
  }
  d.raw('');
}
