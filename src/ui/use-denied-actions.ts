// Which action keys the server forbids this user here, with why: asked with
// SelfSubjectAccessReviews (cached by the source) whenever the kind or namespace changes.
import { useEffect, useState } from 'react';
import type { ResourceDef } from '../resources/index.js';
import type { ClusterSource } from './cluster-source.js';
import type { Action, Binding } from './keymap.js';

export function useDeniedActions(
  source: ClusterSource,
  def: ResourceDef,
  namespace: string | undefined,
  bindings: Binding[],
) {
  const [denied, setDenied] = useState<ReadonlyMap<Action, string>>(new Map());
  // Keys the server forbids this user are shown disabled, with the reason (asked once, cached).
  useEffect(() => {
    let live = true;
    setDenied(new Map());
    for (const b of bindings) {
      if (!b.permission) continue;
      source.actions.can(b.permission.verb, def, namespace, b.permission.subresource).then((a) => {
        if (live && !a.allowed) setDenied((d) => new Map(d).set(b.action, a.reason));
      });
    }
    return () => {
      live = false;
    };
  }, [source, def, namespace, bindings]);
  return denied;
}
