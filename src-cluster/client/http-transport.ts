/**
 * Transport over node:http / node:https with a keep-alive agent, so the many small requests a
 * controller makes reuse a few connections. Authentication is whatever kubeconfig offers: a bearer
 * token header, or a client certificate presented in the TLS handshake (the server reads the user
 * from CN and groups from O).
 */
import http from 'node:http';
import https from 'node:https';
import { StringDecoder } from 'node:string_decoder';
import {
  TransportError,
  buildUrlPath,
  type StreamResponse,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from './transport';

/** How to reach and authenticate to one API server (what a kubeconfig context resolves to). */
export interface HttpTransportOptions {
  /** "https://10.0.0.1:6443" or "http://127.0.0.1:8080"; a path prefix is kept. */
  server: string;
  /** PEM bundle of CAs trusted for the server certificate; Node's defaults when absent. */
  ca?: string;
  /** PEM client certificate and its key (both or neither). */
  cert?: string;
  key?: string;
  /** Sent as "Authorization: Bearer <token>". */
  token?: string;
  /** Accept any server certificate. For labs only; the session is then open to interception. */
  insecureSkipTLSVerify?: boolean;
  /** SNI / certificate name to verify instead of the URL's host. */
  tlsServerName?: string;
  /** Socket inactivity timeout for non-streaming requests; 0 disables. Default 60 s. */
  requestTimeoutMs?: number;
}

/** Transport speaking HTTP/1.1 to one server. Call close() to release pooled sockets. */
export class HttpTransport implements Transport {
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly mod: typeof http | typeof https;

  constructor(private readonly opts: HttpTransportOptions) {
    this.base = new URL(opts.server);
    const secure = this.base.protocol === 'https:';
    if (!secure && this.base.protocol !== 'http:') {
      throw new TransportError(`unsupported server URL scheme "${this.base.protocol}"`);
    }
    if (!!opts.cert !== !!opts.key) {
      throw new TransportError('a client certificate needs its key, and a key its certificate');
    }
    this.mod = secure ? https : http;
    this.agent = secure
      ? new https.Agent({
          keepAlive: true,
          ca: opts.ca,
          cert: opts.cert,
          key: opts.key,
          rejectUnauthorized: !opts.insecureSkipTLSVerify,
          servername: opts.tlsServerName,
        })
      : new http.Agent({ keepAlive: true });
  }

  /** The server URL this transport talks to. */
  get server(): string {
    return this.opts.server;
  }

  async request(req: TransportRequest): Promise<TransportResponse> {
    const res = await this.send(req, this.opts.requestTimeoutMs ?? 60_000);
    const decoder = new StringDecoder('utf8');
    let body = '';
    try {
      for await (const chunk of res) body += decoder.write(chunk as Buffer);
    } catch (err) {
      throw connectionError(err, this.opts.server);
    }
    body += decoder.end();
    return { status: res.statusCode ?? 0, headers: flatHeaders(res.headers), body };
  }

  async stream(req: TransportRequest): Promise<StreamResponse> {
    // Watches are long-lived by design: no inactivity timeout (the server ends them).
    const res = await this.send(req, 0);
    let closed = false;
    const close = () => {
      closed = true;
      res.destroy();
    };
    req.signal?.addEventListener('abort', close, { once: true });
    const server = this.opts.server;
    async function* lines(): AsyncGenerator<string> {
      const decoder = new StringDecoder('utf8');
      let buf = '';
      try {
        for await (const chunk of res) {
          buf += decoder.write(chunk as Buffer);
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl).replace(/\r$/, '');
            buf = buf.slice(nl + 1);
            if (line) yield line;
          }
        }
      } catch (err) {
        // A stream we closed ourselves ends quietly; one the network broke is an error.
        if (!closed) throw connectionError(err, server);
        return;
      } finally {
        res.destroy();
      }
      buf += decoder.end();
      if (buf.trim() && !closed) yield buf.trim();
    }
    return {
      status: res.statusCode ?? 0,
      headers: flatHeaders(res.headers),
      lines: lines(),
      close,
    };
  }

  /** Releases pooled keep-alive sockets; in-flight requests are not affected. */
  close(): void {
    this.agent.destroy();
  }

  private send(req: TransportRequest, timeoutMs: number): Promise<http.IncomingMessage> {
    const prefix = this.base.pathname.replace(/\/$/, '');
    const headers: Record<string, string> = { ...req.headers };
    if (this.opts.token) headers['Authorization'] = `Bearer ${this.opts.token}`;
    if (req.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(req.body));
    return new Promise((resolve, reject) => {
      const r = this.mod.request(
        {
          protocol: this.base.protocol,
          hostname: this.base.hostname.replace(/^\[|\]$/g, ''),
          port: this.base.port || undefined,
          method: req.method,
          path: prefix + buildUrlPath(req.path, req.query),
          headers,
          agent: this.agent,
          signal: req.signal,
        },
        resolve,
      );
      if (timeoutMs > 0) {
        r.setTimeout(timeoutMs, () =>
          r.destroy(new TransportError(`request to ${this.opts.server} timed out`, 'ETIMEDOUT')),
        );
      }
      r.on('error', (err) => reject(connectionError(err, this.opts.server)));
      r.end(req.body);
    });
  }
}

function flatHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** Turns Node's socket errors into a message a user can act on (kubectl's wording for refusal). */
function connectionError(err: unknown, server: string): TransportError {
  if (err instanceof TransportError) return err;
  const e = err as NodeJS.ErrnoException;
  const code = e?.code;
  if (code === 'ECONNREFUSED') {
    const host = new URL(server).host;
    return new TransportError(
      `The connection to the server ${host} was refused - did you specify the right host or port?`,
      code,
      { cause: err },
    );
  }
  if (e?.name === 'AbortError') return new TransportError('request aborted', 'ABORT_ERR');
  return new TransportError(`${server}: ${e?.message ?? String(err)}`, code, { cause: err });
}
