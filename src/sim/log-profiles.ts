// What simulated containers write to their logs, chosen by image: nginx access logs for
// the tutorial's pods, CoreDNS queries, and a crash-looping scraper's klog lines. Lines are
// a pure function of (container instance, index), so logs cost no memory to keep.
import type { Obj } from './types.js';

export interface LogProfile {
  startup: (t: number) => string[];
  line: (k: number, t: number, seed: number) => string;
  periodMs: number;
  /** Last words of an instance that exited with an error. */
  crash: (t: number) => string[];
}

/** A small deterministic hash: the same pod always writes the same lines. */
export function hash(s: string | number): number {
  let h = 2166136261;
  const text = String(s);
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

const pick = <T>(list: T[], n: number): T => list[n % list.length];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function nginxTime(t: number): string {
  const d = new Date(t);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}
const nginxErrorTime = (t: number) =>
  new Date(t).toISOString().slice(0, 19).replace('T', ' ').replaceAll('-', '/');
function klogTime(t: number): string {
  const d = new Date(t);
  return `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${d.toISOString().slice(11, 23)}000`;
}

const PATHS = [
  '/',
  '/',
  '/',
  '/index.html',
  '/favicon.ico',
  '/healthz',
  '/api/v1/items',
  '/static/app.js',
  '/static/style.css',
  '/login',
];
const AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'curl/8.5.0',
  'kube-probe/1.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'python-requests/2.32.3',
];

const nginx: LogProfile = {
  periodMs: 1000,
  startup: (t) => [
    '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
    '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
    '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
    '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
    '/docker-entrypoint.sh: Configuration complete; ready for start up',
    `${nginxErrorTime(t)} [notice] 1#1: nginx/1.27.3`,
    `${nginxErrorTime(t)} [notice] 1#1: start worker processes`,
  ],
  line: (k, t, seed) => {
    const h = hash(seed + k);
    const path = pick(PATHS, h);
    const status = path === '/favicon.ico' ? 404 : path === '/login' && h % 3 === 0 ? 302 : 200;
    const bytes = status === 404 ? 153 : 615 + (h % 4000);
    const client = `10.244.${h % 3}.${(h >>> 8) % 250}`;
    return `${client} - - [${nginxTime(t)}] "GET ${path} HTTP/1.1" ${status} ${bytes} "-" "${pick(AGENTS, h >>> 4)}" "-"`;
  },
  crash: () => [],
};

const coredns: LogProfile = {
  periodMs: 5000,
  startup: () => [
    '.:53',
    '[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908',
    'CoreDNS-1.12.0',
    'linux/amd64, go1.23.3, 51e11f1',
  ],
  line: (k, _t, seed) => {
    const h = hash(seed + k);
    const name = pick(
      [
        'nginx-server-service.default.svc.cluster.local.',
        'kubernetes.default.svc.cluster.local.',
        'checkout.shop.svc.cluster.local.',
      ],
      h,
    );
    return `[INFO] 10.244.${h % 3}.${(h >>> 8) % 250}:${30000 + (h % 30000)} - ${h % 65535} "A IN ${name} udp 63 false 512" NOERROR qr,aa,rd 132 0.000${100 + (h % 800)}s`;
  },
  crash: () => [],
};

const crashingScraper: LogProfile = {
  periodMs: 60_000,
  startup: (t) => [
    `I${klogTime(t)}       1 main.go:42] Starting metrics-scraper v1.0.9`,
    `I${klogTime(t)}       1 main.go:51] Using namespace kube-system`,
  ],
  line: (_k, t) => `I${klogTime(t)}       1 scraper.go:88] Scraping metrics`,
  crash: (t) => [
    `E${klogTime(t)}       1 main.go:77] failed to connect to metrics API: dial tcp 10.96.0.1:443: connect: connection refused`,
    `F${klogTime(t)}       1 main.go:80] exiting: too many failures`,
  ],
};

const generic = (periodMs: number): LogProfile => ({
  periodMs,
  startup: () => ['starting'],
  line: (k, t, seed) =>
    `ts=${new Date(t).toISOString()} level=info msg="handled request" seq=${k} worker=${hash(seed + k) % 8} latency_ms=${hash(k) % 250}`,
  crash: (t) => [`ts=${new Date(t).toISOString()} level=error msg="fatal error, exiting"`],
});

/** Annotation that sets a pod's log rate in lines per second (the benchmark's chatty pod). */
export const LOG_RATE_ANNOTATION = 'sim.kdeck.dev/log-rate';

export function profileFor(pod: Obj, container: Obj): LogProfile {
  const rate = Number(pod.metadata?.annotations?.[LOG_RATE_ANNOTATION]);
  const image = String(container.image ?? '');
  let base: LogProfile;
  if (/nginx/.test(image)) base = nginx;
  else if (/coredns/.test(image)) base = coredns;
  else if (/metrics-scraper/.test(image)) base = crashingScraper;
  else base = generic(2000);
  return rate > 0 ? { ...base, periodMs: 1000 / rate } : base;
}
