/**
 * Browser mode: an HTTP server on loopback serving the built renderer, and the IPC contract over a
 * WebSocket at /ws. A random token (in the URL the user opens) guards both the page and the socket;
 * a wrong or missing token gets 401/403, and only loopback Host/Origin headers are accepted (no DNS
 * rebinding from a web page).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Dispatch } from '../ipc/dispatcher';
import type { HostBus } from '../ipc/host-bus';
import { resolveStatic, sendFile } from './static-files';
import type { ClientFrame, ServerFrame } from './ws-protocol';

export interface UiServerOptions {
  dispatch: Dispatch;
  bus: HostBus;
  /** The built renderer (out/renderer). */
  staticRoot: string;
  port?: number;
  /** Fixed token (tests); random otherwise. */
  token?: string;
}

export interface UiServer {
  url: string;
  port: number;
  token: string;
  /** How many renderer sockets are connected now. */
  clients(): number;
  /**
   * Drops every socket and refuses new ones (503) until resume(): what a restart of the host or a
   * network blip looks like to the renderer. Tests use it to exercise reconnect and re-sync.
   */
  suspend(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function startUiServer(opts: UiServerOptions): Promise<UiServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  let port = 0;
  const http: Server = createServer((req, res) => {
    if (!loopbackHost(req, port)) {
      res.writeHead(403).end('forbidden host');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const isPage = url.pathname === '/' || url.pathname === '/index.html';
    if (isPage && !tokenOk(url.searchParams.get('token'), token)) {
      res
        .writeHead(401, { 'Content-Type': 'text/plain' })
        .end('open the URL kubelab printed (with its token)');
      return;
    }
    const file = resolveStatic(opts.staticRoot, url.pathname);
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    sendFile(res, file);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 8 * 1024 * 1024 });
  let suspended = false;
  http.on('upgrade', (req, socket, head) => {
    if (suspended) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\n\r\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = req.headers.origin;
    const originOk = !origin || loopbackOrigin(origin, port);
    if (url.pathname !== '/ws' || !loopbackHost(req, port) || !originOk) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    if (!tokenOk(url.searchParams.get('token'), token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, opts));
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    clients: () => wss.clients.size,
    suspend() {
      suspended = true;
      for (const c of wss.clients) c.terminate();
    },
    resume() {
      suspended = false;
    },
    async close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
      await new Promise<void>((r) => http.close(() => r()));
    },
  };
}

function serve(ws: WebSocket, opts: UiServerOptions): void {
  const send = (f: ServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(f));
  };
  const unsubscribe = opts.bus.subscribe((ch, payload) => send({ t: 'event', ch, payload }));
  ws.on('close', unsubscribe);
  ws.on('message', (raw) => {
    let f: ClientFrame;
    try {
      f = JSON.parse(raw.toString()) as ClientFrame;
    } catch {
      return;
    }
    if (f?.t !== 'invoke' || typeof f.id !== 'number' || typeof f.ch !== 'string') return;
    opts.dispatch(f.ch, f.req).then(
      (value) => send({ t: 'result', id: f.id, ok: true, value }),
      (err: unknown) =>
        send({
          t: 'result',
          id: f.id,
          ok: false,
          error: err instanceof Error ? err.message : String(err),
        }),
    );
  });
}

function tokenOk(given: string | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function loopbackHost(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host ?? '';
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host);
}

function loopbackOrigin(origin: string, port: number): boolean {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`].includes(
    origin,
  );
}
