/**
 * The kubelet's streaming HTTP server (upstream serves these on port 10250): container logs, exec
 * and attach. The API server proxies `pods/<p>/log|exec|attach` here; the container work itself is
 * delegated to a ContainerStreamer.
 *
 * Node delivers requests carrying `Upgrade:` to the server's 'upgrade' event, not to the request
 * handler — exec and attach arrive there. A plain (non-upgrade) request to them gets 400.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { handleExecUpgrade, isStreamingPath, type ExecHandlerOptions } from './exec-handler';
import { serveLogs } from './logs-handler';
import { createWebSocketServer } from './remotecommand/websocket-transport';
import { writeRawStatus, writeStatus } from './status';
import type { ContainerStreamer } from './streamer';

export interface KubeletServerOptions {
  streamer: ContainerStreamer;
  /** 0 or absent: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Serve HTTPS with this key pair (plain HTTP without). */
  tls?: { key: string; cert: string; ca?: string };
  /** Which exec/attach transports to offer (both by default); turning one off tests fallbacks. */
  transports?: { spdy?: boolean; websocket?: boolean };
  /** Upstream's stream creation timeout: all streams must exist this soon after the upgrade. */
  streamCreationTimeoutMs?: number;
  /** After sending the outcome, wait this long for the client to hang up before closing. */
  lingerMs?: number;
}

export interface KubeletServer {
  port: number;
  /** http(s)://host:port */
  url: string;
  /** Stops listening and drops every open connection, including upgraded ones. */
  close(): Promise<void>;
}

/** Starts the server; resolves once it listens. */
export async function createKubeletServer(opts: KubeletServerOptions): Promise<KubeletServer> {
  const host = opts.host ?? '127.0.0.1';
  const wss = opts.transports?.websocket === false ? null : createWebSocketServer();
  const exec: ExecHandlerOptions = {
    streamer: opts.streamer,
    wss,
    spdy: opts.transports?.spdy !== false,
    streamCreationTimeoutMs: opts.streamCreationTimeoutMs ?? 30_000,
    lingerMs: opts.lingerMs ?? 30_000,
  };

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://kubelet');
    if (url.pathname.startsWith('/containerLogs/')) {
      void serveLogs(opts.streamer, req, res, url);
    } else if (isStreamingPath(url.pathname)) {
      writeStatus(res, 400, 'Upgrade request required');
    } else if (url.pathname === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
    } else {
      writeStatus(res, 404, `the server could not find the requested resource ${url.pathname}`);
    }
  };

  const server = opts.tls
    ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert, ca: opts.tls.ca }, onRequest)
    : http.createServer(onRequest);
  // Log follows and exec sessions are long-lived.
  server.requestTimeout = 0;
  server.on('upgrade', (req: http.IncomingMessage, socket: Socket, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://kubelet').pathname;
    if (isStreamingPath(path)) handleExecUpgrade(exec, req, socket, head);
    else writeRawStatus(socket, 404, `the server could not find the requested resource ${path}`);
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `${opts.tls ? 'https' : 'http'}://${host}:${port}`,
    async close() {
      for (const s of sockets) s.destroy();
      wss?.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
