// Cron schedules as the CronJob controller reads them (robfig/cron's standard parser):
// five fields (minute hour day-of-month month day-of-week) with `*`, `a-b`, `*/n`, `a-b/n`
// and lists, or one of the @-descriptors. Times are UTC.

export interface Schedule {
  /** Whether the schedule fires at this minute (a Date at a whole minute, UTC). */
  matches(at: Date): boolean;
}

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const RANGES: [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

function field(text: string, [lo, hi]: [number, number]): Set<number> | undefined {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|\d+)(?:-(\d+))?(?:\/(\d+))?$/.exec(part);
    if (!m) return undefined;
    const from = m[1] === '*' ? lo : Number(m[1]);
    const to = m[2] !== undefined ? Number(m[2]) : m[1] === '*' || m[3] ? hi : from;
    const step = m[3] ? Number(m[3]) : 1;
    if (from < lo || to > hi || from > to || step < 1) return undefined;
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

export function parseSchedule(text: string): Schedule | undefined {
  const spec = DESCRIPTORS[text.trim()] ?? text.trim();
  const parts = spec.split(/\s+/);
  if (parts.length !== 5) return undefined;
  const sets = parts.map((p, i) => field(p, RANGES[i]));
  if (sets.some((s) => !s)) return undefined;
  const [min, hour, dom, month, dow] = sets as Set<number>[];
  if (dow.has(7)) dow.add(0);
  const domAny = parts[2] === '*';
  const dowAny = parts[4] === '*';
  return {
    matches(at) {
      if (!min.has(at.getUTCMinutes()) || !hour.has(at.getUTCHours())) return false;
      if (!month.has(at.getUTCMonth() + 1)) return false;
      const d = dom.has(at.getUTCDate());
      const w = dow.has(at.getUTCDay());
      // Either day field restricts alone; both restricting means either may match (cron's rule).
      return domAny || dowAny ? d && w : d || w;
    },
  };
}
