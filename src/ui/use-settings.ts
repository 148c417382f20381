// The settings (settings.ts) as the screen uses them: the open context's read-only state and
// its reason, the config file's problems said on the status line as the screen opens (they
// went to stderr too, but the screen hides what was printed before it), and the view each
// context shows remembered for the next run.
import { useEffect, useState } from 'react';
import type { ClusterSource } from './cluster-source.js';
import type { View } from './navigation.js';
import { Settings } from './settings.js';
import type { Status } from './use-status.js';

export function useSettings(
  given: Settings | undefined,
  readonlyFlag: boolean,
  source: ClusterSource,
  view: View,
  status: Status,
) {
  // Without settings (tests of the screen): the flag alone.
  const [settings] = useState(() => given ?? new Settings({ readonly: readonlyFlag }));
  // biome-ignore lint/correctness/useExhaustiveDependencies: said once, as the screen opens
  useEffect(() => {
    const [first, ...more] = settings.problems;
    if (first)
      status.say(more.length ? `${first} (+${more.length} more on stderr)` : first, true, true);
  }, []);
  const { context } = source.info;
  const { resource, namespace, labelSelector } = view;
  useEffect(() => {
    settings.remember(context, { resource, namespace, labelSelector });
  }, [settings, context, resource, namespace, labelSelector]);
  const why = settings.readonlyWhy(source.info);
  return { settings, readonly: why !== undefined, readonlyWhy: why ?? '' };
}
