/**
 * The client side of the SPDY upgrade (what client-go's spdy RoundTripper does): a POST with
 * `Connection: Upgrade`, `Upgrade: SPDY/3.1` and the subprotocols offered in
 * X-Stream-Protocol-Version (one header line each); a 101 answer turns the socket into a
 * client-side SpdyConnection. Any other answer is an error carrying the server's message (a
 * Status JSON's `message` when it sent one).
 */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { SpdyConnection } from './connection';

export interface SpdyDialOptions {
  /** Subprotocols in order of preference (X-Stream-Protocol-Version). */
  protocols: readonly string[];
  method?: 'POST' | 'GET';
  /** Gives up waiting for the upgrade (default 30 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface SpdyDial {
  conn: SpdyConnection;
  /** The subprotocol the server chose; undefined when it named none (a v1 server). */
  protocol: string | undefined;
}

/** A refused upgrade: the HTTP status and the server's message. */
export class SpdyUpgradeError extends Error {
  override readonly name = 'SpdyUpgradeError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function serverMessage(status: number, body: string): string {
  try {
    const s = JSON.parse(body) as { message?: unknown };
    if (typeof s.message === 'string' && s.message) return s.message;
  } catch {
    // Not a Status: the text itself.
  }
  return body.trim() || `upgrade refused with HTTP ${status}`;
}

export function dialSpdy(url: string, opts: SpdyDialOptions): Promise<SpdyDial> {
  const u = new URL(url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    return Promise.reject(new Error(`cannot dial SPDY to ${url}: not an http(s) URL`));
  const mod = u.protocol === 'https:' ? https : http;
  return new Promise<SpdyDial>((resolve, reject) => {
    const req = mod.request(u, {
      method: opts.method ?? 'POST',
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'SPDY/3.1',
        'X-Stream-Protocol-Version': [...opts.protocols],
        'Content-Length': '0',
      },
      timeout: opts.timeoutMs ?? 30_000,
      signal: opts.signal,
    });
    req.on('timeout', () => req.destroy(new Error(`SPDY upgrade to ${u.host} timed out`)));
    req.on('error', reject);
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c.length < 64 * 1024 ? c : ''));
      res.on('end', () =>
        reject(new SpdyUpgradeError(res.statusCode ?? 0, serverMessage(res.statusCode ?? 0, body))),
      );
      res.on('error', reject);
    });
    req.on('upgrade', (res, socket: Socket, head: Buffer) => {
      const upgrade = String(res.headers.upgrade ?? '').toLowerCase();
      if (res.statusCode !== 101 || !upgrade.startsWith('spdy/3')) {
        socket.destroy();
        return reject(
          new SpdyUpgradeError(res.statusCode ?? 0, `unexpected upgrade to "${upgrade}"`),
        );
      }
      socket.setTimeout(0);
      const conn = new SpdyConnection(socket, { client: true });
      if (head.length) conn.feed(head);
      const chosen = res.headers['x-stream-protocol-version'];
      resolve({ conn, protocol: Array.isArray(chosen) ? chosen[0] : chosen });
    });
    req.end();
  });
}
