// Which action keys this user may not use here, with why: asked with SelfSubjectAccessReviews
// (cached by the source) whenever the kind or namespace changes, and again when the server
// answers again after failures or to new credentials (`recoveries` counts those). Until the server has
// answered, a key is off ("unknown counts as forbidden until asked": a key typed then waits for
// the answer), though only the server's refusal is marked as one; a review that fails is asked
// again on the next change rather than taken as an answer.
import { useEffect, useState } from 'react';
import type { ResourceDef } from '../resources/index.js';
import type { ClusterSource } from './cluster-source.js';
import type { Action, Binding } from './keymap.js';

/** Why a key is off while the server has not answered yet: a key typed then waits for it. */
export const UNCHECKED = 'not yet checked with the server';
const FORBIDDEN = 'forbidden: ';

/**
 * Whether the server refused this user the key (help and the hints mark it `(forbidden)`); a
 * key not yet checked, or that could not be (no server), is not marked: RBAC said nothing.
 */
export const isForbidden = (denied: ReadonlyMap<Action, string>, action: Action) =>
  denied.get(action)?.startsWith(FORBIDDEN) === true;

export function useDeniedActions(
  source: ClusterSource,
  def: ResourceDef,
  namespace: string | undefined,
  bindings: Binding[],
  recoveries = 0,
) {
  const [denied, setDenied] = useState<ReadonlyMap<Action, string>>(new Map());
  // biome-ignore lint/correctness/useExhaustiveDependencies: asked again after each recovery
  useEffect(() => {
    let live = true;
    const checked = bindings.filter((b) => b.permission);
    setDenied(new Map(checked.map((b) => [b.action, UNCHECKED])));
    const settle = (action: Action, reason: string | undefined) => {
      if (!live) return;
      setDenied((d) => {
        const next = new Map(d);
        if (reason === undefined) next.delete(action);
        else next.set(action, reason);
        return next;
      });
    };
    for (const b of checked) {
      const { verb, subresource, resource } = b.permission!;
      // A core kind other than the one on screen (a service's port-forward is a pod's).
      const on = resource ? { ...def, group: '', name: resource } : def;
      source.actions.can(verb, on, namespace, subresource).then(
        (a) =>
          settle(
            b.action,
            a.allowed
              ? undefined
              : a.checked === false
                ? `could not check: ${a.reason}`
                : `${FORBIDDEN}${a.reason}`,
          ),
        (e) => settle(b.action, `could not check: ${(e as Error).message}`),
      );
    }
    return () => {
      live = false;
    };
  }, [source, def, namespace, bindings, recoveries]);
  return denied;
}
