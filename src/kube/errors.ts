// API and network failures as values with the server's own reason, for one-line messages.

export class KubeError extends Error {
  constructor(
    /** HTTP status, or 0 when the request never got an answer. */
    readonly code: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

const NETWORK: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ETIMEDOUT: 'timed out',
  EPIPE: 'connection closed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS: the server certificate is not signed by the kubeconfig CA',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS: self-signed server certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS: self-signed certificate in the chain',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS: the certificate does not name this server',
  CERT_HAS_EXPIRED: 'TLS: the server certificate has expired',
};

export function networkError(err: unknown): KubeError {
  const e = err as { code?: string; message?: string; name?: string };
  if (e instanceof KubeError) return e;
  if (e?.name === 'AbortError') return new KubeError(0, 'Aborted', 'aborted');
  const code = e?.code ?? '';
  return new KubeError(0, code || 'NetworkError', NETWORK[code] ?? e?.message ?? String(err));
}

/** A Status body (or anything else) answered with a non-2xx code. */
export function statusError(code: number, body: string): KubeError {
  try {
    const s = JSON.parse(body);
    if (s?.kind === 'Status')
      return new KubeError(code, s.reason ?? '', s.message ?? `HTTP ${code}`);
  } catch {}
  return new KubeError(code, `HTTP${code}`, body.trim().split('\n')[0] || `HTTP ${code}`);
}
