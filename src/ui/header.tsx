import { Box, Text } from 'ink';
import type { WatchState } from '../resources/index.js';
import { humanDuration } from '../util/duration.js';
import { inertLine } from '../util/inert.js';
import type { ClusterInfo } from './cluster-source.js';
import { accent, useColor } from './theme.js';

export function watchStateText(s: WatchState, now: number): string {
  switch (s.phase) {
    case 'live':
      return 'live';
    case 'connecting':
      return 'connecting…';
    case 'syncing':
      return 'syncing…';
    case 'forbidden':
      return `forbidden: ${inertLine(s.reason)}`;
    case 'unauthorized':
      // "(Unauthorized)" after "unauthorized:" says nothing twice, and costs the end at 80 columns.
      return `unauthorized: ${inertLine(s.reason.replace(/ \(Unauthorized\)$/, ''))}`;
    case 'gone':
      return `not served: ${inertLine(s.reason)}`;
    case 'stale':
      return `reconnecting ${humanDuration(now - s.since)} — ${inertLine(s.reason)}`;
  }
}

interface Props {
  info: ClusterInfo;
  version: string;
  title: string;
  state: WatchState;
  now: number;
  /** What the user must not miss while it lasts (secret values on screen), after the title. */
  notice?: string;
  /** Why no key may change the cluster here (a flag, the context's config), when none may. */
  readonlyWhy?: string;
}

export function Header({ info, version, title, state, now, notice, readonlyWhy }: Props) {
  const ok = state.phase === 'live';
  const line = inertLine(
    `ctx: ${info.context}  cluster: ${info.cluster}  user: ${info.user}  k8s: ${version}  ${info.server}`,
  );
  return (
    <Box flexDirection="column">
      {/* Cut with …, so a server address cut at 80 columns is not taken for a whole one. */}
      <Text wrap="truncate-end">{line}</Text>
      <Text wrap="truncate-end">
        <Text bold color={accent}>
          {title}
        </Text>
        <Text> </Text>
        {notice && (
          <>
            <Text bold inverse>
              {notice}
            </Text>
            <Text> </Text>
          </>
        )}
        <Text
          color={
            useColor
              ? ok
                ? 'green'
                : state.phase === 'stale' ||
                    state.phase === 'gone' ||
                    state.phase === 'forbidden' ||
                    state.phase === 'unauthorized'
                  ? 'red'
                  : 'yellow'
              : undefined
          }
        >
          {watchStateText(state, now)}
        </Text>
        {readonlyWhy !== undefined && <Text bold>{`  read-only: ${inertLine(readonlyWhy)}`}</Text>}
      </Text>
    </Box>
  );
}
