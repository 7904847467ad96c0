/**
 * Upgrade requests to /exec and /attach: validates the URL, then hands the socket to the SPDY or
 * the WebSocket transport according to the Upgrade header. Errors before the upgrade are answered
 * as plain HTTP (a Status JSON), which clients report and kubectl ≥ 1.30 takes as its cue to fall
 * back from WebSocket to SPDY.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import { parseExecRequest } from './params';
import { serveSpdyExec, type TransportTimeouts } from './remotecommand/spdy-transport';
import { serveWebSocketExec } from './remotecommand/websocket-transport';
import { RequestError, writeRawStatus } from './status';
import type { ContainerStreamer } from './streamer';

export interface ExecHandlerOptions extends TransportTimeouts {
  streamer: ContainerStreamer;
  /** null when WebSocket is turned off. */
  wss: WebSocketServer | null;
  spdy: boolean;
}

export function isStreamingPath(pathname: string): boolean {
  return pathname.startsWith('/exec/') || pathname.startsWith('/attach/');
}

export function handleExecUpgrade(
  o: ExecHandlerOptions,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): void {
  socket.on('error', () => socket.destroy());
  try {
    const url = new URL(req.url ?? '/', 'http://kubelet');
    if (!isStreamingPath(url.pathname)) throw new RequestError(404, 'not found');
    if (req.method !== 'GET' && req.method !== 'POST')
      throw new RequestError(405, `method ${req.method} not allowed`);
    const target = parseExecRequest(url);
    const upgrade = String(req.headers.upgrade ?? '').toLowerCase();
    if (upgrade === 'websocket' && o.wss) {
      return serveWebSocketExec(o.streamer, target, o.wss, req, socket, head);
    }
    if (upgrade.startsWith('spdy/') && o.spdy) {
      return serveSpdyExec(o.streamer, target, req, socket, head, o);
    }
    throw new RequestError(400, `unable to upgrade: unsupported protocol "${upgrade}"`);
  } catch (err) {
    const code = err instanceof RequestError ? err.code : 500;
    writeRawStatus(socket, code, (err as Error).message);
  }
}
