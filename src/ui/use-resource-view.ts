// The live rows of one view: a store fed by the source's watch while the view is on screen
// (leaving it stops the watch), read with useSyncExternalStore.
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { contexts } from '../resources/contexts.js';
import type { ResourceDef } from '../resources/index.js';
import { kindKey } from '../resources/registry.js';
import { ResourceStore } from '../store/resource-store.js';
import type { ClusterSource } from './cluster-source.js';

export interface ViewTarget {
  resource: string;
  /** Undefined: all namespaces. */
  namespace?: string;
  labelSelector?: string;
}

export function useResourceView(
  source: ClusterSource,
  def: ResourceDef,
  target: ViewTarget,
  flushMs = 50,
) {
  const { namespace, labelSelector } = target;
  // The kind by its name: the same kind learnt again from discovery keeps its watch.
  const resource = def.name === 'contexts' ? 'contexts' : kindKey(def);
  const current = useRef(def);
  current.current = def;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new store per source and target
  const store = useMemo(
    () => new ResourceStore(flushMs),
    [source, resource, namespace, labelSelector, flushMs],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: the kind is `resource`, by name
  useEffect(() => {
    const def = current.current;
    if (def.name === contexts.name) {
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
