// What the port-forward prompt takes: [ADDRESS:]LOCAL[:REMOTE].
import { expect, it } from 'vitest';
import { parseForward } from '../../src/ui/forward-prompt.js';

const service = {
  ports: [8080, 8443],
  target: { namespace: 'd', kind: 'service' as const, name: 'web' },
};
const pod = { ports: [80], target: { namespace: 'd', kind: 'pod' as const, name: 'web-1' } };

it('reads ADDRESS:LOCAL, LOCAL, LOCAL:REMOTE and ADDRESS:LOCAL:REMOTE', () => {
  expect(parseForward('127.0.0.1:9090', service)).toEqual({
    address: '127.0.0.1',
    localPort: 9090,
    port: 8080,
  });
  expect(parseForward('9090', pod)).toEqual({ address: '127.0.0.1', localPort: 9090, port: 80 });
  expect(parseForward('9090:8443', service)).toEqual({
    address: '127.0.0.1',
    localPort: 9090,
    port: 8443,
  });
  expect(parseForward('localhost:9090:81', pod)).toEqual({
    address: 'localhost',
    localPort: 9090,
    port: 81,
  });
  expect(parseForward('[::1]:9090', pod)).toEqual({ address: '::1', localPort: 9090, port: 80 });
});

it('refuses other forms, ports out of range and a port the service does not have', () => {
  expect(parseForward('here', pod)).toEqual({
    error: 'type [ADDRESS:]LOCAL[:REMOTE], e.g. 127.0.0.1:8080',
  });
  expect(parseForward('127.0.0.1:70000', pod)).toHaveProperty('error');
  expect(parseForward('9090:81', service)).toEqual({
    error: 'service web has no port 81 (ports: 8080,8443)',
  });
  expect(parseForward('9090', { ...pod, ports: [] })).toHaveProperty('error');
});
