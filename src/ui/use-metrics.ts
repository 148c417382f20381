// The CPU and memory figures of the pods or nodes on screen, polled every 15 s (metrics-server
// scrapes as often) only while their view is open: leaving it stops the poll. A server without
// the metrics API (or a user who may not read it) gets no columns and no error, and is not
// asked again for this view; a poll that fails keeps the figures shown.
import { useEffect, useState } from 'react';
import type { ResourceDef } from '../resources/index.js';
import { type MetricsKind, metricsKindOf, type ObjectMetrics } from '../resources/metrics.js';
import type { ClusterSource } from './cluster-source.js';

export const METRICS_POLL_MS = 15_000;

export interface ViewMetrics {
  kind: MetricsKind;
  byKey: ReadonlyMap<string, ObjectMetrics>;
}

export function useMetrics(
  source: ClusterSource,
  def: Pick<ResourceDef, 'name' | 'group'>,
  namespace: string | undefined,
  labelSelector: string | undefined,
  /**
   * False until the view's first list is in: the figures of 100,000 pods are a big answer of
   * their own, which would hold up the list (and add to its memory) for rows not yet shown.
   */
  listed = true,
  pollMs = METRICS_POLL_MS,
): ViewMetrics | undefined {
  const kind = metricsKindOf(def);
  // The figures with the view they are of: a view just opened must not show, even for one
  // render, the figures (and so the columns) of the one before.
  const view = kind && `${kind} ${namespace ?? ''} ${labelSelector ?? ''}`;
  const [figures, setFigures] = useState<ViewMetrics & { source: ClusterSource; view: string }>();
  useEffect(() => {
    setFigures(undefined);
    if (!kind || !view || !source.metrics || !listed) return;
    const reader = source.metrics({
      kind,
      namespace: kind === 'pods' ? namespace : undefined,
      labelSelector,
    });
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    const poll = async () => {
      const reading = await reader.read();
      if (stopped) return;
      if (reading.phase === 'absent') return setFigures(undefined);
      if (reading.phase === 'figures') setFigures({ kind, byKey: reading.byKey, source, view });
      timer = setTimeout(poll, pollMs);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [source, kind, view, namespace, labelSelector, listed, pollMs]);
  return figures?.source === source && figures.view === view ? figures : undefined;
}
