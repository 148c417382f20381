// The log view: follows by default from the last 100 lines; scrolling up pauses, f or End
// resumes; p previous container, t timestamps, w wrap, / search with n/N, 0 tail, 1–5 since
// 1m…1h, Ctrl-s saves. Log text is made inert before it reaches the terminal.
import { Box, Text, useInput } from 'ink';
import { useEffect, useMemo, useState } from 'react';
import type { LogState, LogTarget } from '../resources/index.js';
import { LogBuffer } from '../store/log-buffer.js';
import { matcher } from '../store/select.js';
import { inert } from '../util/inert.js';
import { saveLines } from '../util/save-lines.js';
import type { ClusterSource } from './cluster-source.js';
import { keyName } from './keymap.js';
import { Prompt } from './prompt.js';
import { accent, useColor } from './theme.js';

/** Shown lines are cut here; Ctrl-s saves them whole. */
const SHOWN_MAX = 64 * 1024;
const SINCE: Record<string, { label: string; seconds: number }> = {
  '1': { label: '1m', seconds: 60 },
  '2': { label: '5m', seconds: 300 },
  '3': { label: '15m', seconds: 900 },
  '4': { label: '30m', seconds: 1800 },
  '5': { label: '1h', seconds: 3600 },
};

export interface LogViewProps {
  source: ClusterSource;
  title: string;
  target: Omit<LogTarget, 'previous' | 'tailLines' | 'sinceSeconds' | 'follow' | 'container'>;
  /** Containers to choose from (one pod); the picker shows when there are several and no default. */
  containers: string[];
  defaultContainer?: string;
  capacity: number;
  height: number;
  width: number;
  onClose(): void;
}

function stateText(s: LogState | undefined, following: boolean): string {
  if (!s) return 'connecting…';
  if (s.phase === 'error') return 'error';
  if (s.phase === 'ended') return `ended: ${s.reason}`;
  const mode = following ? 'following' : 'paused (f to follow)';
  return s.phase === 'resumed' ? `${mode}; stream resumed after a break, from ${s.at}` : mode;
}

export function LogView({
  source,
  title,
  target,
  containers,
  defaultContainer,
  capacity,
  height,
  width,
  onClose,
}: LogViewProps) {
  const [container, setContainer] = useState<string | undefined>(
    defaultContainer ?? (containers.length === 1 ? containers[0] : undefined),
  );
  const [pick, setPick] = useState(0);
  const [previous, setPrevious] = useState(false);
  const [range, setRange] = useState<{ tail?: number; since?: string }>({ tail: 100 });
  const [timestamps, setTimestamps] = useState(false);
  const [wrap, setWrap] = useState(false);
  const [following, setFollowing] = useState(true);
  const [top, setTop] = useState(0);
  const [searching, setSearching] = useState(false);
  const [query, setQuery] = useState('');
  const [note, setNote] = useState<string | undefined>();
  const [state, setState] = useState<LogState | undefined>();
  const [, setVersion] = useState(0);
  const buffer = useMemo(() => new LogBuffer(capacity), [capacity]);
  const needsPick = !container && !target.selector;

  useEffect(() => {
    if (needsPick) return;
    buffer.clear();
    setState(undefined);
    setFollowing(true);
    let timer: NodeJS.Timeout | undefined;
    // Lines arrive in bursts: one render per 50 ms at most.
    const rerender = () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        setVersion(buffer.version);
      }, 50);
    };
    const stop = source.logs(
      {
        ...target,
        container,
        previous,
        follow: !previous,
        tailLines: range.tail,
        sinceSeconds: range.since ? SINCE[range.since].seconds : undefined,
      },
      {
        lines: (batch) => {
          buffer.push(batch);
          rerender();
        },
        state: setState,
      },
    );
    return () => {
      stop();
      clearTimeout(timer);
    };
  }, [source, target, container, previous, range, buffer, needsPick]);

  const page = Math.max(1, height - 2);
  const show = (i: number) => {
    const l = buffer.at(i);
    const text = inert(l.text.length > SHOWN_MAX ? `${l.text.slice(0, SHOWN_MAX)}…` : l.text);
    return `${timestamps ? `${l.ts} ` : ''}${l.pod ? `${l.pod} ` : ''}${text}`;
  };
  // Rows on screen: the last page while following, else from `top`; wrapped lines take several rows.
  const first = following
    ? Math.max(0, buffer.size - page)
    : Math.min(top, Math.max(0, buffer.size - 1));
  const rows: { text: string; line: number }[] = [];
  for (let i = first; i < buffer.size && rows.length < page; i++) {
    const text = show(i);
    if (!wrap || text.length <= width) rows.push({ text, line: i });
    else
      for (let k = 0; k < text.length && rows.length < page; k += width)
        rows.push({ text: text.slice(k, k + width), line: i });
  }
  if (following && wrap) rows.splice(0, Math.max(0, rows.length - page));
  const match = query ? matcher(query) : undefined;

  const scrollTo = (i: number) => {
    setFollowing(false);
    setTop(Math.max(0, Math.min(i, Math.max(0, buffer.size - page))));
  };
  const find = (dir: 1 | -1) => {
    if (!match) return;
    for (let k = 1; k <= buffer.size; k++) {
      const i = (first + dir * k + buffer.size) % buffer.size;
      if (match(show(i))) return scrollTo(i);
    }
    setNote(`not found: ${query}`);
  };

  useInput((ch, key) => {
    const name = keyName(ch, key);
    if (searching) {
      if (name === 'esc') setSearching(false);
      return;
    }
    if (needsPick) {
      if (name === 'esc' || name === 'q') onClose();
      else if (name === 'down' || name === 'j')
        setPick((p) => Math.min(containers.length - 1, p + 1));
      else if (name === 'up' || name === 'k') setPick((p) => Math.max(0, p - 1));
      else if (name === 'enter') setContainer(containers[pick]);
      return;
    }
    setNote(undefined);
    if (name === 'esc' || name === 'q') return onClose();
    if (name === 'up' || name === 'k') return scrollTo(first - 1);
    if (name === 'down' || name === 'j') return scrollTo(first + 1);
    if (name === 'pgup' || name === 'ctrl-b') return scrollTo(first - page);
    if (name === 'pgdn' || name === 'ctrl-f') return scrollTo(first + page);
    if (name === 'g' || name === 'home') return scrollTo(0);
    if (name === 'f' || name === 'end' || name === 'G') return setFollowing(true);
    if (name === 'p') return setPrevious((p) => !p);
    if (name === 't') return setTimestamps((t) => !t);
    if (name === 'w') return setWrap((w) => !w);
    if (name === '0') return setRange({ tail: 100 });
    if (SINCE[name]) return setRange({ since: name });
    if (name === '/') {
      setQuery('');
      return setSearching(true);
    }
    if (name === 'n') return find(1);
    if (name === 'N') return find(-1);
    if (name === 'ctrl-s') {
      const all = buffer
        .slice(0, buffer.size)
        .map((l) => `${l.ts} ${l.pod ? `${l.pod} ` : ''}${l.text}`);
      try {
        setNote(`saved ${all.length} lines to ${saveLines(title.replace(/^logs /, ''), all)}`);
      } catch (e) {
        setNote(`could not save: ${(e as Error).message}`);
      }
    }
  });

  const range_ = range.since ? `since ${SINCE[range.since].label}` : `tail ${range.tail}`;
  const heading = `${title}${container && !target.selector ? ` [${container}]` : ''}${previous ? ' (previous)' : ''} — ${range_} — ${stateText(state, following)}`;
  return (
    <Box flexDirection="column" height={height}>
      <Text bold color={accent} wrap="truncate-end">
        {heading}
      </Text>
      {state?.phase === 'error' && (
        <Text color={useColor ? 'red' : undefined} wrap="wrap">
          error: {state.message}
        </Text>
      )}
      {needsPick ? (
        <>
          <Text>Which container? (Enter to choose, Esc to go back)</Text>
          {containers.map((c, i) => (
            <Text key={c} inverse={i === pick}>
              {i === pick ? '› ' : '  '}
              {c}
            </Text>
          ))}
        </>
      ) : (
        rows.map((r, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
          <Text key={i} wrap="truncate-end" inverse={Boolean(match?.(show(r.line)))}>
            {r.text || ' '}
          </Text>
        ))
      )}
      <Box flexGrow={1} />
      {searching ? (
        <Prompt
          label="/"
          value={query}
          onChange={setQuery}
          onSubmit={() => {
            setSearching(false);
            find(1);
          }}
        />
      ) : (
        <Text dimColor wrap="truncate-end">
          {note ??
            '<esc> back  <f> follow  <p> previous  <t> time  <w> wrap  </> search  <0> tail  <1-5> since  <ctrl-s> save'}
        </Text>
      )}
    </Box>
  );
}
