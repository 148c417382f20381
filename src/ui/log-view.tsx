// The log view: follows by default from the last 100 lines; scrolling up pauses, f or End
// resumes; p previous container, t timestamps, w wrap, / search with n/N, 0 tail, 1–5 since
// 1m…1h, Ctrl-s saves (keymap.ts, scope 'logs'). Log text is made inert before it reaches
// the terminal.
import { Box, Text } from 'ink';
import { useEffect, useMemo, useState } from 'react';
import type { LogState, LogTarget } from '../resources/index.js';
import { LogBuffer } from '../store/log-buffer.js';
import { humanDuration } from '../util/duration.js';
import { inert, inertLine } from '../util/inert.js';
import { saveLines } from '../util/save-lines.js';
import { useCopy } from './clipboard.js';
import type { ClusterSource } from './cluster-source.js';
import { useKeys } from './key-router.js';
import { actionFor, bindingsFor } from './keymap.js';
import { accent, useColor } from './theme.js';
import { type SearchedPage, useSearch } from './use-search.js';
import type { Status } from './use-status.js';

const KEYS = bindingsFor('logs');

/** The most often new lines are drawn: ten frames a second still reads as live. */
const LOG_FRAME_MS = 100;
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
  status: Status;
  onClose(): void;
}

function stateText(s: LogState | undefined, following: boolean, now: number): string {
  if (!s) return 'connecting…';
  if (s.phase === 'error') return 'error';
  if (s.phase === 'ended') return `ended: ${inertLine(s.reason)}`;
  if (s.phase === 'waiting') return `waiting: ${inertLine(s.reason)}`;
  if (s.phase === 'reconnecting')
    return `reconnecting ${humanDuration(now - s.since)} — ${inertLine(s.reason)}`;
  const mode = following ? 'following' : 'paused (f to follow)';
  return s.phase === 'resumed' ? `${mode}; resumed after a break, from ${s.at}` : mode;
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
  status,
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
  const search = useSearch();
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
    // Lines arrive in bursts, and a chatty pod writes faster than anyone reads: at most one
    // frame per LOG_FRAME_MS. Each frame lays out every line on screen again, so frames, not
    // lines, are what following a log costs.
    const rerender = () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        setVersion(buffer.version);
      }, LOG_FRAME_MS);
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

  const page = Math.max(
    1,
    height - 1 - (state?.phase === 'error' ? 1 : 0) - (search.typing ? 1 : 0),
  );
  const show = (i: number) => {
    const l = buffer.at(i);
    const text = inert(l.text.length > SHOWN_MAX ? `${l.text.slice(0, SHOWN_MAX)}…` : l.text);
    return `${timestamps ? `${l.ts} ` : ''}${l.pod ? `${l.pod} ` : ''}${text}`;
  };
  // Rows a line takes: wrapped, one per `width` columns of it.
  const rowsOf = (i: number) => (wrap ? Math.max(1, Math.ceil(show(i).length / width)) : 1);
  // The last page, filled from the bottom as a terminal's `tail -f` fills it: lines walked back
  // from the newest, their rows counted, until the page is full (counting lines instead, wrapped
  // lines filled the page before the newest was reached). Its first line may show only its end;
  // `last` is the first line shown whole, the furthest a paused view scrolls down.
  let tail = buffer.size;
  let used = 0;
  while (tail > 0 && used < page) used += rowsOf(--tail);
  const last = Math.min(used > page ? tail + 1 : tail, Math.max(0, buffer.size - 1));
  // Rows on screen: the last page while following, else from `top` (a line, not a row).
  const first = following ? tail : Math.min(top, last);
  const rows: { text: string; line: number }[] = [];
  for (let i = first; i < buffer.size && (following || rows.length < page); i++) {
    const text = show(i);
    if (!wrap || text.length <= width) rows.push({ text, line: i });
    else
      for (let k = 0; k < text.length && (following || rows.length < page); k += width)
        rows.push({ text: text.slice(k, k + width), line: i });
  }
  // While following, the rows above the page are the start of its first line.
  if (following) rows.splice(0, Math.max(0, rows.length - page));
  const match = search.match;
  const say = status.say;
  const copy = useCopy(say);

  const scrollTo = (i: number) => {
    setFollowing(false);
    setTop(Math.max(0, Math.min(i, last)));
  };
  const searched: SearchedPage = {
    count: buffer.size,
    textAt: show,
    first,
    show: scrollTo,
    notFound: (q) => say(`not found: ${q}`, true),
  };

  const save = () => {
    const all = buffer
      .slice(0, buffer.size)
      .map((l) => `${l.ts} ${l.pod ? `${l.pod} ` : ''}${l.text}`);
    try {
      say(`saved ${all.length} lines to ${saveLines(title.replace(/^logs /, ''), all)}`);
    } catch (e) {
      say(`could not save: ${(e as Error).message}`, true);
    }
  };

  useKeys('screen', (key) => {
    const action = actionFor(key, KEYS);
    if (needsPick) {
      // The container picker: up/down, Enter to choose, Esc back.
      if (action === 'back') onClose();
      else if (action === 'down') setPick((p) => Math.min(containers.length - 1, p + 1));
      else if (action === 'up') setPick((p) => Math.max(0, p - 1));
      else if (action === 'confirm') setContainer(containers[pick]);
      else return false;
      return true;
    }
    if (search.act(action, searched)) return true;
    switch (action) {
      case 'back':
        onClose();
        break;
      case 'up':
        scrollTo(first - 1);
        break;
      case 'down':
        scrollTo(first + 1);
        break;
      case 'pageUp':
        scrollTo(first - page);
        break;
      case 'pageDown':
        scrollTo(first + page);
        break;
      case 'top':
        scrollTo(0);
        break;
      case 'follow':
        setFollowing(true);
        break;
      case 'previousContainer':
        setPrevious((p) => !p);
        break;
      case 'timestamps':
        setTimestamps((t) => !t);
        break;
      case 'wrap':
        setWrap((w) => !w);
        break;
      case 'tail':
        setRange({ tail: 100 });
        break;
      case 'since':
        setRange({ since: key });
        break;
      case 'save':
        save();
        break;
      case 'copy': {
        // The lines as shown (a wrapped line whole, once), or a search's hits in the buffer.
        const hits = search.hits(searched);
        // Over the cap, a log's newest lines are kept: those are the ones wanted.
        if (hits.length) copy(hits.map(show), { matching: search.query, keepLast: true });
        else copy([...new Set(rows.map((r) => r.line))].map(show));
        break;
      }
      default:
        return false;
    }
    return true;
  });

  const range_ = range.since ? `since ${SINCE[range.since].label}` : `tail ${range.tail}`;
  // The state first: at 80 columns a long pod name must not push it off the line.
  const heading = `${stateText(state, following, Date.now())} — ${title}${container && !target.selector ? ` [${container}]` : ''}${previous ? ' (previous)' : ''} — ${range_}`;
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
      {search.prompt(searched)}
    </Box>
  );
}
