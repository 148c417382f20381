// The object as the YAML view shows it, each line made inert.
import { dump } from 'js-yaml';
import { inert } from '../../util/inert.js';
import type { KubeObject } from '../types.js';
import { isSecret, secretShown } from './secrets.js';

export interface YamlOptions {
  /** The kind it was asked as: a Secret is masked even if the object does not say its kind. */
  kind?: string;
  /** managedFields are noise for people: hidden unless asked for. Default: false. */
  showManagedFields?: boolean;
  /** A Secret's values decoded rather than masked (secrets.ts). Default: false. */
  reveal?: boolean;
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
