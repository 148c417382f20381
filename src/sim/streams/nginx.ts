// What an nginx container answers on its port, enough for a browser or curl through a
// port-forward: HTTP/1.1 with keep-alive, GET and HEAD of / (the stock welcome page, which the
// tutorial's image serves), 404 for any other path, 405 for other methods. Runs over the
// forwarded bytes in process: no socket is opened on the host.

/** nginx itself or an image built on it (the tutorial's ekababisong/ebisong-nginx-server). */
export const isNginxImage = (image = '') => /nginx/.test(image.split('@')[0]);

export const WELCOME_PAGE = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

const NOT_FOUND = `<html>
<head><title>404 Not Found</title></head>
<body>
<center><h1>404 Not Found</h1></center>
<hr><center>nginx</center>
</body>
</html>
`;

const NOT_ALLOWED = NOT_FOUND.replaceAll('404 Not Found', '405 Not Allowed');

const SERVER = 'nginx/1.27.3';
/** Longest request head read; nginx's large_client_header_buffers is 4×8k. */
const MAX_HEAD = 32 * 1024;

/**
 * Feeds a connection's bytes in, request by request (pipelined ones too); `send` writes the
 * answers back, `close` ends the connection (Connection: close, HTTP/1.0, a bad request).
 */
export function httpResponder(
  send: (data: Buffer) => void,
  close: () => void,
): (data: Buffer) => void {
  let pending = Buffer.alloc(0);
  /** Body bytes of the current request still to skip. */
  let skip = 0;
  let closed = false;
  return (data) => {
    if (closed) return;
    pending = Buffer.concat([pending, data]);
    for (;;) {
      if (skip) {
        const n = Math.min(skip, pending.length);
        skip -= n;
        pending = pending.subarray(n);
        if (skip) return;
      }
      const end = pending.indexOf('\r\n\r\n');
      if (end < 0) {
        if (pending.length > MAX_HEAD) {
          closed = true;
          send(answer(400, 'Bad Request', '', false, 'GET'));
          close();
        }
        return;
      }
      const head = pending.subarray(0, end).toString('latin1').split('\r\n');
      pending = pending.subarray(end + 4);
      const [method = '', target = '', version = ''] = head[0].split(' ');
      const headers = new Map(
        head.slice(1).map((l) => {
          const colon = l.indexOf(':');
          return [l.slice(0, colon).trim().toLowerCase(), l.slice(colon + 1).trim()] as const;
        }),
      );
      skip = Number(headers.get('content-length') ?? 0) || 0;
      const connection = (headers.get('connection') ?? '').toLowerCase();
      const keepAlive =
        version === 'HTTP/1.1' ? connection !== 'close' : connection === 'keep-alive';
      const path = target.split('?')[0];
      const [code, reason, body] = !/^HTTP\/1\.[01]$/.test(version)
        ? [400, 'Bad Request', '']
        : method !== 'GET' && method !== 'HEAD'
          ? [405, 'Not Allowed', NOT_ALLOWED]
          : path === '/' || path === '/index.html'
            ? [200, 'OK', WELCOME_PAGE]
            : [404, 'Not Found', NOT_FOUND];
      const stays = keepAlive && code !== 400;
      send(answer(code, reason, body, stays, method));
      if (!stays) {
        closed = true;
        close();
        return;
      }
    }
  };
}

function answer(
  code: number,
  reason: string,
  body: string,
  keepAlive: boolean,
  method: string,
): Buffer {
  const head = [
    `HTTP/1.1 ${code} ${reason}`,
    `Server: ${SERVER}`,
    `Date: ${new Date().toUTCString()}`,
    'Content-Type: text/html',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `Connection: ${keepAlive ? 'keep-alive' : 'close'}`,
    '',
    '',
  ].join('\r\n');
  return Buffer.from(method === 'HEAD' ? head : head + body, 'latin1');
}
