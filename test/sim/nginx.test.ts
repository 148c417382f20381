// The simulator's nginx over forwarded bytes: keep-alive, pipelined requests, HEAD, 404, and
// Connection: close ending the connection.
import { expect, it } from 'vitest';
import { httpResponder, WELCOME_PAGE } from '../../src/sim/streams/nginx.js';

function connection() {
  const out: string[] = [];
  let closed = false;
  const feed = httpResponder(
    (b) => out.push(b.toString('latin1')),
    () => {
      closed = true;
    },
  );
  return { out, feed: (s: string) => feed(Buffer.from(s, 'latin1')), closed: () => closed };
}

it('answers GET / with the welcome page and keeps the connection', () => {
  const c = connection();
  c.feed('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  expect(c.out[0]).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  expect(c.out[0]).toContain(`Content-Length: ${WELCOME_PAGE.length}\r\n`);
  expect(c.out[0].endsWith(WELCOME_PAGE)).toBe(true);
  expect(c.closed()).toBe(false);
});

it('answers requests split and pipelined, HEAD without a body, 404 elsewhere', () => {
  const c = connection();
  c.feed('HEAD / HTTP/1.1\r\nHo');
  c.feed('st: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n');
  expect(c.out).toHaveLength(2);
  expect(c.out[0]).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\n$/);
  expect(c.out[1]).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
});

it('skips a body, and closes after Connection: close or HTTP/1.0', () => {
  const c = connection();
  c.feed(
    'POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET / HTTP/1.1\r\nConnection: close\r\n\r\n',
  );
  expect(c.out[0]).toMatch(/^HTTP\/1\.1 405 Not Allowed\r\n/);
  expect(c.out[1]).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*Connection: close\r\n/);
  expect(c.closed()).toBe(true);
  const old = connection();
  old.feed('GET / HTTP/1.0\r\n\r\n');
  expect(old.closed()).toBe(true);
});
