// The kinds a CustomResourceDefinition serves, one per served version: discovery from its
// names, the status and scale subresources it declares, and a Table printer that evaluates
// its additionalPrinterColumns as the apiextensions-apiserver's table convertor does.

import { evaluate, parseJsonPath } from '../jsonpath.js';
import {
  type Column,
  type KindInfo,
  type Printer,
  scaleSubresource,
  statusSubresource,
} from '../kind-info.js';
import type { Obj } from '../types.js';
import { since } from './columns.js';

const NAME: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
};

const AGE_COLUMN: Obj = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
  description:
    'CreationTimestamp is a timestamp representing the server time when this object was created.',
};

/** Name, then the declared columns; Name and Age when none are declared. */
export function customPrinter(declared: Obj[] | undefined): Printer {
  const columns = declared?.length ? declared : [AGE_COLUMN];
  const paths = columns.map((c) => parseJsonPath(String(c.jsonPath ?? '')));
  return {
    columns: [
      NAME,
      ...columns.map((c) => ({
        name: c.name,
        type: c.type,
        format: c.format ?? '',
        description:
          c.description ?? `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
        priority: c.priority ?? 0,
      })),
    ],
    cells: (o, now) => [
      o.metadata.name,
      ...columns.map((c, i) => {
        const steps = paths[i];
        const [v] = steps ? evaluate(steps, o) : [];
        if (v === undefined || v === null) return null;
        if (c.type === 'date') return typeof v === 'string' ? since(v, now) : null;
        if (typeof v === 'object') return JSON.stringify(v);
        // A string column gets the value's text (a port 80 is "80"); the others keep its JSON type.
        return c.type === 'string' ? String(v) : v;
      }),
    ],
  };
}

/** `.spec.replicas` → `spec.replicas`: the paths the scale subresource reads and writes. */
const bare = (p: string | undefined) => (p ?? '').replace(/^\./, '');

export function customKinds(crd: Obj): KindInfo[] {
  const s = crd.spec;
  const names = s.names;
  return ((s.versions ?? []) as Obj[])
    .filter((v) => v.served)
    .map((v) => {
      const sub = v.subresources ?? {};
      return {
        group: s.group,
        version: v.name,
        resource: names.plural,
        kind: names.kind,
        singular: names.singular || String(names.kind).toLowerCase(),
        namespaced: s.scope === 'Namespaced',
        shortNames: names.shortNames ?? [],
        ...(names.categories ? { categories: names.categories } : {}),
        // In the order the apiextensions-apiserver lists them.
        verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
        subresources: [
          ...(sub.status ? [statusSubresource(s.group, v.name, names.kind)] : []),
          ...(sub.scale ? [scaleSubresource] : []),
        ],
        printer: customPrinter(v.additionalPrinterColumns),
        ...(sub.scale
          ? {
              scale: {
                specReplicasPath: bare(sub.scale.specReplicasPath),
                statusReplicasPath: bare(sub.scale.statusReplicasPath),
                ...(sub.scale.labelSelectorPath
                  ? { labelSelectorPath: bare(sub.scale.labelSelectorPath) }
                  : {}),
              },
            }
          : {}),
        crd: crd.metadata.name,
      } satisfies KindInfo;
    });
}
