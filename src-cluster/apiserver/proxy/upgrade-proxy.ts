/**
 * Proxies exec/attach: upgraded connections (SPDY/3.1 or WebSocket) relayed byte for byte between
 * the client and the kubelet. The API server only resolves the target and checks parameters; the
 * protocol (stream setup, exit codes) is between kubectl and the kubelet.
 *
 * Node emits requests that carry `Upgrade:` as the server's 'upgrade' event (req, socket, head), not
 * as a request — so a server must route them here: attachUpgradeProxy(server, ctx) does it, or call
 * proxyPodUpgrade from an existing 'upgrade' listener. Authentication and authorization must run
 * before, as for any request.
 */
import type http from 'node:http';
import type https from 'node:https';
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiStatusError, toApiStatusError } from '../status';
import { locateKubelet, type ProxyContext } from './kubelet-location';
import { kubeletPath } from './kubelet-url';
import { forwardHeaders, kubeletRequest, kubeletUnreachable } from './kubelet-request';
import { matchPodStreamPath } from './paths';

function rawHead(code: number, message: string | undefined, rawHeaders: string[]): string {
  let head = `HTTP/1.1 ${code} ${message || STATUS_CODES[code] || ''}\r\n`;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2)
    head += `${rawHeaders[i]}: ${rawHeaders[i + 1]}\r\n`;
  return head + '\r\n';
}

/** Writes a Status as a complete HTTP/1.1 response on a not-yet-upgraded socket, then closes it. */
export function writeSocketStatus(socket: Duplex, err: ApiStatusError): void {
  const body = JSON.stringify(err.toStatus());
  socket.end(
    rawHead(err.code, undefined, [
      'Content-Type',
      'application/json',
      'Content-Length',
      String(Buffer.byteLength(body)),
      'Connection',
      'close',
    ]) + body,
  );
}

/** Relays one upgrade request to the pod's kubelet. Never throws. */
export async function proxyPodUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  ctx: ProxyContext,
  namespace: string,
  pod: string,
  subresource: 'exec' | 'attach',
  query: URLSearchParams,
): Promise<void> {
  socket.on('error', () => socket.destroy());
  try {
    const loc = await locateKubelet(ctx, namespace, pod, subresource, query.get('container'));
    const path = kubeletPath(loc, namespace, pod, subresource, query);
    const method = req.method ?? 'POST';
    const upstream = kubeletRequest(
      loc,
      method,
      path,
      forwardHeaders(req.rawHeaders, true),
      ctx.kubelet,
    );
    socket.on('close', () => upstream.destroy());
    upstream.on('error', (err) => {
      if (socket.writable) writeSocketStatus(socket, kubeletUnreachable(loc, method, path, err));
    });
    upstream.on('upgrade', (ures, kubeletSocket, kubeletHead) => {
      socket.write(rawHead(ures.statusCode ?? 101, ures.statusMessage, ures.rawHeaders));
      if (kubeletHead.length) socket.write(kubeletHead);
      if (head.length) kubeletSocket.write(head);
      kubeletSocket.on('error', () => socket.destroy());
      kubeletSocket.on('close', () => socket.destroy());
      socket.on('close', () => kubeletSocket.destroy());
      kubeletSocket.pipe(socket);
      socket.pipe(kubeletSocket);
    });
    upstream.on('response', (ures) => {
      // The kubelet refused the upgrade (bad parameters, unknown container, protocol mismatch):
      // pass its answer on as a complete response. kubectl ≥ 1.30 then falls back to SPDY.
      const chunks: Buffer[] = [];
      ures.on('data', (c: Buffer) => chunks.push(c));
      ures.on('end', () => {
        const body = Buffer.concat(chunks);
        const ct = ures.headers['content-type'] ?? 'text/plain';
        socket.end(
          Buffer.concat([
            Buffer.from(
              rawHead(ures.statusCode ?? 502, ures.statusMessage, [
                'Content-Type',
                ct,
                'Content-Length',
                String(body.length),
                'Connection',
                'close',
              ]),
            ),
            body,
          ]),
        );
      });
    });
    upstream.end();
  } catch (err) {
    writeSocketStatus(socket, toApiStatusError(err));
  }
}

/**
 * Listens for 'upgrade' on `server` and proxies pods/<p>/exec|attach; other upgrade requests go to
 * `fallback` (or get a 404 Status). Call once per listening server.
 */
export function attachUpgradeProxy(
  server: http.Server | https.Server,
  ctx: ProxyContext,
  fallback?: (req: IncomingMessage, socket: Duplex, head: Buffer) => void,
): void {
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://apiserver');
    const m = matchPodStreamPath(url.pathname);
    if (m && m.subresource !== 'log') {
      void proxyPodUpgrade(
        req,
        socket,
        head,
        ctx,
        m.namespace,
        m.pod,
        m.subresource,
        url.searchParams,
      );
    } else if (fallback) {
      fallback(req, socket, head);
    } else {
      writeSocketStatus(
        socket,
        new ApiStatusError(404, 'NotFound', 'the server could not find the requested resource', {}),
      );
    }
  });
}
