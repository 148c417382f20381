// What the screens ask of the cluster beyond rows, kept current: the kinds it serves, its
// namespaces (for Tab), its version, and the moments it answers again after failures (when
// what was asked before is asked again).
import { useEffect, useRef, useState } from 'react';
import { type ApiResource, BUILT_IN, Registry } from '../resources/registry.js';
import type { ClusterSource } from './cluster-source.js';

/**
 * The kinds the server serves (discovery), from the kinds kdeck knows until it answers; asked
 * again for a name not known yet, and when the server answers again after failures.
 */
export function useKinds(source: ClusterSource, recoveries: number) {
  const [known, setKnown] = useState<{ of: ClusterSource; kinds: Registry }>({
    of: source,
    kinds: BUILT_IN,
  });
  // Another context's kinds are not this one's (for the render after :ctx, before the effect):
  // until this one's server answers, the kinds kdeck knows.
  const kinds = known.of === source ? known.kinds : BUILT_IN;
  // biome-ignore lint/correctness/useExhaustiveDependencies: asked again after each recovery (discovery that failed is not kept)
  useEffect(() => {
    let live = true;
    source.kinds().then(
      (api) => live && setKnown({ of: source, kinds: registryOf(api) }),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [source, recoveries]);
  const refreshKinds = () =>
    source.kinds(true).then(
      (api) => {
        const next = registryOf(api);
        setKnown({ of: source, kinds: next });
        return next;
      },
      () => kinds,
    );
  return { kinds, refreshKinds };
}

/** A server whose discovery answers nothing keeps the kinds kdeck knows. */
const registryOf = (api: ApiResource[]) => (api.length ? Registry.fromDiscovery(api) : BUILT_IN);

/** The namespaces' names for Tab, asked of the source when the command line opens (the
 * source keeps them per context); none until it answers. */
export function useNamespaces(source: ClusterSource, asking: boolean): string[] {
  const [names, setNames] = useState<{ source: ClusterSource; names: string[] }>();
  useEffect(() => {
    if (!asking) return;
    let live = true;
    source.namespaces().then(
      (n) => live && setNames({ source, names: n }),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [source, asking]);
  return names?.source === source ? names.names : [];
}

/** Counts the times the server answered again (ClusterSource.onRecover): ask it again then. */
export function useRecoveries(source: ClusterSource): number {
  const [n, setN] = useState(0);
  useEffect(() => source.onRecover(() => setN((x) => x + 1)), [source]);
  return n;
}

export function useServerVersion(source: ClusterSource, recoveries: number): string {
  const [version, setVersion] = useState('…');
  const asked = useRef(source);
  // biome-ignore lint/correctness/useExhaustiveDependencies: asked again each time the server answers again
  useEffect(() => {
    let live = true;
    // Another cluster: not known until it answers.
    if (asked.current !== source) setVersion('…');
    asked.current = source;
    source.serverVersion().then(
      (v) => live && setVersion(v),
      () => live && setVersion((known) => (known === '…' ? '?' : known)),
    );
    return () => {
      live = false;
    };
  }, [source, recoveries]);
  return version;
}
