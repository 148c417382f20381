// What the layers above see of kinds: the registry (registry.ts) and the shapes of rows.
import { BUILT_IN } from './registry.js';
import type { ResourceDef } from './types.js';

/** The kinds with a file of their own (what kdeck shows before discovery answers). */
export const RESOURCES: readonly ResourceDef[] = BUILT_IN.kinds;

export type {
  ActionResult,
  Cell,
  Column,
  DrillTarget,
  ExecEnd,
  ExecSession,
  ExecTarget,
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
