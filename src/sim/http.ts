// Small HTTP helpers for the simulated API server: reading bodies, writing JSON and Status.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { load } from 'js-yaml';
import { decodeObject, isProtobuf } from './protobuf.js';
import { ApiError, badRequest } from './status.js';
import type { Obj } from './types.js';

const MAX_BODY = 8 * 1024 * 1024;

async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += c.length;
    if (size > MAX_BODY)
      throw new ApiError(
        413,
        'RequestEntityTooLarge',
        'Request entity too large: limit is 3145728',
      );
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

/** The request's body as JSON: sent as JSON, YAML (apply patches) or protobuf (kubectl's typed commands). */
export async function readBody(req: IncomingMessage): Promise<unknown> {
  const raw = await readRaw(req);
  if (isProtobuf(req.headers['content-type']) && raw.length) return decodeObject(raw);
  const text = raw.toString('utf8');
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // application/apply-patch+yaml may be YAML; anything else that is not JSON is a 400.
    try {
      return load(text);
    } catch (e) {
      throw badRequest(
        `couldn't get version/kind; json parse error: ${(e as Error).message.split('\n')[0]}`,
      );
    }
  }
}

/**
 * The real server gzips an answer over 128 KB for a client that accepts gzip (kubectl's
 * does), at level 1 (apiserver's responsewriters: defaultGzipThresholdBytes,
 * defaultGzipContentEncodingLevel); smaller answers, and watch streams, go as they are.
 */
const GZIP_THRESHOLD = 128 * 1024;

export function sendJson(
  res: ServerResponse,
  code: number,
  body: Obj,
  contentType = 'application/json',
): void {
  const text = Buffer.from(JSON.stringify(body));
  const accepts = /\bgzip\b/i.test(String(res.req?.headers['accept-encoding'] ?? ''));
  if (accepts && text.length > GZIP_THRESHOLD) {
    const gz = gzipSync(text, { level: 1 });
    res.writeHead(code, {
      'Content-Type': contentType,
      'Content-Encoding': 'gzip',
      'Content-Length': gz.length,
      Vary: 'Accept-Encoding',
    });
    res.end(gz);
    return;
  }
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': text.length });
  res.end(text);
}

export function sendError(res: ServerResponse, err: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const e =
    err instanceof ApiError
      ? err
      : new ApiError(
          500,
          'InternalError',
          `Internal error occurred: ${(err as Error)?.message ?? err}`,
        );
  for (const [h, v] of Object.entries(e.headers)) res.setHeader(h, v);
  sendJson(res, e.code, e.toStatus());
}

export const flag = (v: string | null) => v === 'true' || v === '1';
