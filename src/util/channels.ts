// The channel protocol of exec and port-forward WebSockets (k8s.io/apimachinery wsstream,
// `v4.channel.k8s.io` and `v5.channel.k8s.io`): every binary message starts with one byte
// naming its channel, the rest is that channel's data. Exec: 0 stdin, 1 stdout, 2 stderr,
// 3 error (a Status as JSON), 4 resize (`{"Width":…,"Height":…}`). Port-forward: per port a
// data and an error channel, each opened by two bytes of the port, little-endian. v5 adds
// 255, "close": its one byte of data names a channel the sender will write no more to.

export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
export const ERROR = 3;
export const RESIZE = 4;
export const CLOSE = 255;

export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
export const PORT_FORWARD_PROTOCOLS = ['v4.channel.k8s.io'];

/** A message for `channel`. */
export function frame(channel: number, data: Buffer | string = Buffer.alloc(0)): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  return Buffer.concat([Buffer.from([channel]), body]);
}

/** A message's channel and data; undefined for an empty message (none is sent). */
export function unframe(message: Buffer): { channel: number; data: Buffer } | undefined {
  if (message.length === 0) return undefined;
  return { channel: message[0], data: message.subarray(1) };
}

/** The two bytes that open each port-forward channel. */
export function portPrefix(port: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(port);
  return b;
}
