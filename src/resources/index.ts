// Every kind kdeck shows, and how a name typed in command mode finds one.
import { contexts } from './contexts.js';
import { deployments } from './deployments.js';
import { events } from './events.js';
import { namespaces } from './namespaces.js';
import { nodes } from './nodes.js';
import { pods } from './pods.js';
import { replicasets } from './replicasets.js';
import { services } from './services.js';
import type { ResourceDef } from './types.js';

export const RESOURCES: ResourceDef[] = [
  pods,
  deployments,
  services,
  replicasets,
  namespaces,
  nodes,
  events,
  contexts,
];

export function findResource(word: string): ResourceDef | undefined {
  const w = word.toLowerCase();
  return RESOURCES.find((r) => r.name === w || r.aliases.includes(w));
}

/** Every name and alias that starts with `prefix`, for completion in command mode. */
export function completions(prefix: string): string[] {
  const p = prefix.toLowerCase();
  return RESOURCES.flatMap((r) => [r.name, ...r.aliases])
    .filter((n) => n.startsWith(p))
    .sort();
}

export type {
  ActionResult,
  Cell,
  Column,
  DrillTarget,
  Health,
  KubeObject,
  LogHandlers,
  LogLine,
  LogState,
  LogTarget,
  ObjectRef,
  Propagation,
  ResourceDef,
  Row,
  RowSink,
  WatchState,
  WatchTarget,
} from './types.js';
