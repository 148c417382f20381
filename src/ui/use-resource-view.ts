// The live rows of one view: a store fed by the source's watch while the view is on screen
// (leaving it stops the watch), read with useSyncExternalStore.
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { contexts } from '../resources/contexts.js';
import { findResource } from '../resources/index.js';
import { ResourceStore } from '../store/resource-store.js';
import type { ClusterSource } from './cluster-source.js';

export interface ViewTarget {
  resource: string;
  /** Undefined: all namespaces. */
  namespace?: string;
  labelSelector?: string;
}

export function useResourceView(source: ClusterSource, target: ViewTarget, flushMs = 50) {
  const { resource, namespace, labelSelector } = target;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new store per source and target
  const store = useMemo(
    () => new ResourceStore(flushMs),
    [source, resource, namespace, labelSelector, flushMs],
  );
  useEffect(() => {
    const def = findResource(resource);
    if (!def) return () => store.dispose();
    if (def === contexts) {
      store.reset(source.contexts().map((c) => contexts.toRow(c)));
      store.state({ phase: 'live' });
      store.flush();
      return () => store.dispose();
    }
    const stop = source.watch(
      { resource: def, namespace: def.namespaced ? namespace : undefined, labelSelector },
      store,
    );
    return () => {
      stop();
      store.dispose();
    };
  }, [source, store, resource, namespace, labelSelector]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
