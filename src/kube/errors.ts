// API and network failures as values with the server's own reason, for one-line messages.
// Network and TLS failures are said once, here, in kubectl's words (Go's net and crypto/x509
// wording), never as Node's or OpenSSL's raw strings.

export class KubeError extends Error {
  constructor(
    /** HTTP status, or 0 when the request never got an answer. */
    readonly code: number,
    readonly reason: string,
    message: string,
    /** details.causes[].reason of a Status, e.g. "ResourceVersionTooLarge". */
    readonly causes: readonly string[] = [],
  ) {
    super(message);
  }
}

/** What kubectl (Go's net package) says for the same socket error. */
const NETWORK: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by peer',
  ECONNABORTED: 'connection aborted',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network is unreachable',
  ETIMEDOUT: 'i/o timeout',
  EPIPE: 'broken pipe',
  EAI_AGAIN: 'temporary failure in name resolution',
};

/** Node's certificate verification codes, as crypto/x509 words them. */
const UNKNOWN_AUTHORITY = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
]);

/** OpenSSL's reason (the text after "SSL routines:<function>:") → what Go's TLS says. */
const TLS_REASONS: [RegExp, string][] = [
  // A TLS ClientHello answered by a plain HTTP server: Go reads the HTTP answer and says so.
  [
    /wrong version number|packet length too long/i,
    'http: server gave HTTP response to HTTPS client',
  ],
  [/alert unknown ca/i, 'remote error: tls: unknown certificate authority'],
  [/alert bad certificate/i, 'remote error: tls: bad certificate'],
  [/certificate required/i, 'remote error: tls: certificate required'],
  [/alert handshake failure/i, 'remote error: tls: handshake failure'],
  [/alert protocol version|unsupported protocol/i, 'tls: protocol version not supported'],
];

interface NodeError {
  code?: string;
  message?: string;
  name?: string;
  reason?: string;
  host?: string;
  hostname?: string;
  cert?: { subjectaltname?: string };
  cause?: unknown;
}

/** One line for a failure that got no HTTP answer: a socket, DNS or TLS error. */
export function networkMessage(err: unknown): string {
  const e = (err ?? {}) as NodeError;
  const code = e.code ?? '';
  const message = String(e.message ?? err);
  if (NETWORK[code] && !/SSL routines/.test(message)) return NETWORK[code];
  if (code === 'ENOTFOUND') return `lookup ${e.hostname ?? e.host ?? 'host'}: no such host`;
  if (UNKNOWN_AUTHORITY.has(code)) return 'x509: certificate signed by unknown authority';
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID')
    return 'x509: certificate has expired or is not yet valid';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const names = (e.cert?.subjectaltname ?? '')
      .split(',')
      .map((n) => n.trim().replace(/^(DNS|IP Address):/, ''))
      .filter(Boolean);
    const host = e.host ?? /: (\S+?)\.? is not in the cert/.exec(e.reason ?? '')?.[1];
    return names.length && host
      ? `x509: certificate is valid for ${names.join(', ')}, not ${host}`
      : 'x509: certificate is not valid for this server';
  }
  // Anything else from OpenSSL: its reason without the error-stack prefix.
  const ssl = /SSL routines:(?:[^:]*:)?([^:\n]+)/.exec(message);
  if (ssl || code.startsWith('ERR_SSL_') || code === 'EPROTO') {
    const reason = ssl?.[1] ?? e.reason ?? message;
    for (const [pattern, said] of TLS_REASONS) if (pattern.test(reason)) return said;
    return `tls: ${reason.trim()}`;
  }
  if (e.cause && e.cause !== err) return networkMessage(e.cause);
  return message.split('\n')[0];
}

export function networkError(err: unknown): KubeError {
  const e = err as NodeError;
  if (e instanceof KubeError) return e;
  if (e?.name === 'AbortError') return new KubeError(0, 'Aborted', 'aborted');
  return new KubeError(0, e?.code || 'NetworkError', networkMessage(err));
}

/** A Status body (or anything else) answered with a non-2xx code. */
export function statusError(code: number, body: string): KubeError {
  // kubectl's words for a 401, whatever the body: the server says only "Unauthorized".
  if (code === 401) {
    const said = statusError(0, body).message;
    return new KubeError(401, 'Unauthorized', `You must be logged in to the server (${said})`);
  }
  try {
    const s = JSON.parse(body);
    if (s?.kind === 'Status') return statusObjectError(s, code);
  } catch {}
  return new KubeError(code, `HTTP${code}`, body.trim().split('\n')[0] || `HTTP ${code}`);
}

/** A Status object (an HTTP error body, or the object of a watch ERROR event). */
// biome-ignore lint/suspicious/noExplicitAny: a Status as plain JSON
export function statusObjectError(s: any, code = Number(s?.code) || 500): KubeError {
  const causes: string[] = Array.isArray(s?.details?.causes)
    ? s.details.causes.map((c: { reason?: string }) => String(c?.reason ?? '')).filter(Boolean)
    : [];
  return new KubeError(code, s?.reason ?? '', s?.message || `HTTP ${code}`, causes);
}

/** The server does not accept who we are (401), or no credential could be had to ask it. */
export function isUnauthorized(e: unknown): boolean {
  return e instanceof KubeError && (e.code === 401 || e.reason === 'CredentialError');
}

/**
 * "Too large resource version": the server (its watch cache) has not reached the
 * resourceVersion asked for. A 504 with reason Timeout and a ResourceVersionTooLarge cause
 * (k8s.io/apiserver pkg/storage errors.go NewTooLargeResourceVersionError).
 */
export function isTooLargeResourceVersion(e: unknown): boolean {
  return (
    e instanceof KubeError &&
    e.code === 504 &&
    (e.causes.includes('ResourceVersionTooLarge') || /Too large resource version/.test(e.message))
  );
}
