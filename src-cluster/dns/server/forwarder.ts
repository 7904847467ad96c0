/**
 * Forwarding for names outside the cluster (the Corefile's `forward . /etc/resolv.conf`): the
 * query's bytes go unchanged over UDP to one upstream and its reply comes back unchanged, so the
 * client's id, flags and EDNS options survive. One socket per query keeps replies from being
 * confused between concurrent queries without an id table; the server's load is a lab's.
 *
 * Contract: resolves with the upstream's reply, or undefined after `timeoutMs` (the caller answers
 * SERVFAIL); never rejects.
 */
import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';

export interface Upstream {
  host: string;
  port: number;
}

/** "8.8.8.8", "8.8.8.8:53", "[::1]:5353" → Upstream. */
export function parseUpstream(text: string): Upstream {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (v6) return { host: v6[1]!, port: Number(v6[2] ?? 53) };
  if (isIPv6(text)) return { host: text, port: 53 };
  const [host, port] = text.split(':');
  if (!host) throw new Error(`bad upstream DNS server "${text}"`);
  return { host, port: Number(port ?? 53) };
}

export function forwardQuery(
  query: Uint8Array,
  upstream: Upstream,
  timeoutMs = 2000,
): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket(isIPv6(upstream.host) ? 'udp6' : 'udp4');
    let settled = false;
    const finish = (reply: Buffer | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.close();
      resolve(reply);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    socket.on('error', () => finish(undefined));
    socket.on('message', (msg) => {
      // A reply must carry our query's id; anything else is stray and ignored.
      if (msg.length >= 2 && msg[0] === query[0] && msg[1] === query[1]) finish(msg);
    });
    socket.send(query, upstream.port, upstream.host, (err) => {
      if (err) finish(undefined);
    });
  });
}
