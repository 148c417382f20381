// Server-side Table output (Accept: application/json;as=Table;g=meta.k8s.io;v=v1): each
// kind's printer (kinds/<plural>.ts, after pkg/printers/internalversion/printers.go), or the
// default Name / Created At when a kind has none. Every column is sent; kubectl shows
// priority-1 columns only with -o wide.
import type { KindInfo, Printer } from './kind-info.js';
import type { Obj } from './types.js';

const DEFAULT_PRINTER: Printer = {
  columns: [
    {
      name: 'Name',
      type: 'string',
      format: 'name',
      description: 'Name must be unique within a namespace.',
    },
    {
      name: 'Created At',
      type: 'date',
      description: 'CreationTimestamp is the time this object was created.',
    },
  ],
  cells: (o) => [o.metadata.name, o.metadata.creationTimestamp],
};

export type IncludeObject = 'None' | 'Metadata' | 'Object';

function rowObject(o: Obj, include: IncludeObject): Obj | undefined {
  if (include === 'None') return undefined;
  if (include === 'Object') return o;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

export function toTable(
  k: KindInfo,
  objects: Obj[],
  opts: { include: IncludeObject; withHeaders: boolean; listMeta: Obj; now?: number },
): Obj {
  const printer = k.printer ?? DEFAULT_PRINTER;
  const now = opts.now ?? Date.now();
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: opts.listMeta,
    columnDefinitions: opts.withHeaders
      ? printer.columns.map((c) => ({ priority: 0, format: '', ...c }))
      : [],
    rows: objects.map((o) => {
      const obj = rowObject(o, opts.include);
      return { cells: printer.cells(o, now), ...(obj ? { object: obj } : {}) };
    }),
  };
}
