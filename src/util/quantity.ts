// Kubernetes resource quantities (`250m`, `1.5`, `64Mi`, `123456789n`, `1e3`) read as plain
// numbers, and CPU and memory written back as `kubectl top` writes them (`125m`, `64Mi`).

const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A quantity as a number of its base unit (cores, bytes); undefined when it is not one. */
export function parseQuantity(q: unknown): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  if (typeof q !== 'string') return undefined;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec(
    q.trim(),
  );
  if (!m) return undefined;
  const n = Number(m[1] + (m[2] ?? ''));
  return n * SUFFIX[m[3] ?? ''];
}

/** CPU in cores as `kubectl top` prints it: whole millicores, rounded up (`125m`). */
export const formatCpu = (cores: number): string => `${Math.ceil(cores * 1000 - 1e-6)}m`;

/** Memory in bytes as `kubectl top` prints it: whole mebibytes (`64Mi`). */
export const formatMemory = (bytes: number): string => `${Math.floor(bytes / 2 ** 20)}Mi`;
