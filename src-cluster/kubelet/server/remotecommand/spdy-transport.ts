/**
 * exec/attach over SPDY/3.1 (what kubectl ≤ 1.29 uses, and 1.30+ falls back to): protocol
 * handshake, the 101 reply, then one SPDY stream per channel named by its `streamtype` header.
 * The command starts once every stream the flags call for exists; the outcome goes on the error
 * stream, then the server waits for the client to hang up (client-go resets its streams and
 * closes) — closing first could drop the final frames still queued on the client side.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { finished } from 'node:stream/promises';
import { SpdyConnection, type SpdyStream } from '../spdy/connection';
import type { ContainerStreamer } from '../streamer';
import { writeRawStatus } from '../status';
import {
  errorStreamPayload,
  expectedStreams,
  headerValues,
  negotiate,
  protocolVersion,
  SPDY_PROTOCOLS,
  type StreamType,
} from './protocol';
import { ResizeDecoder } from './resize';
import { runSession, type ExecTarget } from './session';

export interface TransportTimeouts {
  /** How long to wait for all streams after the upgrade (upstream: 30 s). */
  streamCreationTimeoutMs: number;
  /** How long to wait for the client to hang up after the outcome was sent. */
  lingerMs: number;
}

export function serveSpdyExec(
  streamer: ContainerStreamer,
  target: ExecTarget,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  timeouts: TransportTimeouts,
): void {
  const offered = headerValues(req.headers['x-stream-protocol-version']);
  // No header at all means a v1 client (it expects no X-Stream-Protocol-Version in the reply).
  const protocol = offered.length ? negotiate(offered, SPDY_PROTOCOLS) : undefined;
  if (offered.length && !protocol) {
    return writeRawStatus(
      socket,
      403,
      `unable to upgrade: unable to negotiate protocol: client supports [${offered.join(' ')}], server accepts [${SPDY_PROTOCOLS.join(' ')}]`,
    );
  }
  const version = protocol ? protocolVersion(protocol) : 1;
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n' +
      (protocol ? `X-Stream-Protocol-Version: ${protocol}\r\n` : '') +
      '\r\n',
  );
  const conn = new SpdyConnection(socket as Socket);
  const want = expectedStreams(target.flags, version);
  const got = new Map<StreamType, SpdyStream>();
  const aborted = new AbortController();
  conn.on('close', () => aborted.abort());

  const ready = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), timeouts.streamCreationTimeoutMs);
    timer.unref();
    conn.on('close', () => {
      clearTimeout(timer);
      resolve(false);
    });
    conn.on('stream', (s) => {
      const type = s.header('streamtype') as StreamType | undefined;
      if (!type || !want.has(type) || got.has(type)) {
        // Unknown or duplicate: acknowledge (already replied) and close our side.
        s.resume();
        s.end();
        return;
      }
      // Output-only streams carry nothing from the client; keep them from buffering.
      if (type !== 'stdin' && type !== 'resize') s.resume();
      got.set(type, s);
      if (got.size === want.size) {
        clearTimeout(timer);
        resolve(true);
      }
    });
  });
  if (head.length) conn.feed(head);

  void (async () => {
    if (!(await ready)) {
      conn.destroy();
      return;
    }
    const resize = new ResizeDecoder();
    got.get('resize')?.on('data', (c: Buffer) => resize.push(c));
    const outcome = await runSession(streamer, target, {
      stdin: got.get('stdin') ?? null,
      stdout: got.get('stdout') ?? null,
      stderr: got.get('stderr') ?? null,
      resize: resize.events,
      signal: aborted.signal,
    });
    const errorStream = got.get('error')!;
    errorStream.end(errorStreamPayload(outcome, version, target.command));
    await finished(errorStream, { readable: false }).catch(() => {});
    if (conn.isClosed) return;
    const linger = setTimeout(
      () => void conn.close().catch(() => conn.destroy()),
      timeouts.lingerMs,
    );
    linger.unref();
    conn.on('close', () => clearTimeout(linger));
  })();
}
