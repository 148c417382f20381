// What the simulated API server knows of one kind, as the real server's registry keeps it in
// pkg/registry/<group>/<kind>/: discovery (verbs, short names, categories, subresources),
// defaults, validation, warnings and the Table printer. Each kind is one file in kinds/.
import type { Obj } from './types.js';

export interface Subresource {
  name: string;
  kind: string;
  group: string;
  version: string;
  verbs: string[];
}

export interface Column {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format?: string;
  priority?: number;
  description: string;
}

/** The columns `kubectl get` shows and how each row's cells are made (printers.go). */
export interface Printer {
  columns: Column[];
  cells: (o: Obj, now: number) => unknown[];
}

/** One field error of a 422 Invalid (apimachinery field.Error). */
export interface FieldError {
  field: string;
  type: string;
  message: string;
}

/** What defaulting may take from the cluster: addresses and ports it hands out. */
export interface Allocator {
  clusterIP(): string;
  nodePort(): number;
}

/** Where the scale subresource reads and writes (a CRD's subresources.scale paths). */
export interface ScalePaths {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

export interface KindInfo {
  group: string; // '' for the core group
  version: string;
  resource: string; // plural, as in URLs
  kind: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  verbs: string[];
  subresources: Subresource[];
  categories?: string[];
  /** The Table printer; without one the server prints Name and Created At. */
  printer?: Printer;
  /** Fills what the strategy's PrepareForCreate and the defaulters fill. */
  defaults?: (o: Obj, alloc: Allocator) => void;
  /** The kind's own validation (names are validated for every kind); no errors: valid. */
  validate?: (o: Obj) => FieldError[];
  /** What an update may not change (ValidateXUpdate), checked after `validate`. */
  validateUpdate?: (o: Obj, old: Obj) => FieldError[];
  /** WarningsOnCreate / WarningsOnUpdate: `old` is the object before an update. */
  warnings?: (o: Obj, old?: Obj) => string[];
  /** DELETE answers with the object itself rather than a Status (ReturnDeletedObject). */
  returnsDeletedObject?: boolean;
  /** Not the usual spec.replicas / status.replicas / spec.selector (custom resources). */
  scale?: ScalePaths;
  /** Set for kinds a CustomResourceDefinition serves: its name. */
  crd?: string;
}

export function groupVersion(k: Pick<KindInfo, 'group' | 'version'>): string {
  return k.group ? `${k.group}/${k.version}` : k.version;
}

/** `pods` for the core group, `deployments.apps` otherwise: how Status messages name a resource. */
export function qualifiedResource(k: KindInfo): string {
  return k.group ? `${k.resource}.${k.group}` : k.resource;
}

export const RW = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

export const scaleSubresource: Subresource = {
  name: 'scale',
  kind: 'Scale',
  group: 'autoscaling',
  version: 'v1',
  verbs: ['get', 'patch', 'update'],
};

export const statusSubresource = (group: string, version: string, kind: string): Subresource => ({
  name: 'status',
  kind,
  group,
  version,
  verbs: ['get', 'patch', 'update'],
});
