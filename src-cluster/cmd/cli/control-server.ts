/**
 * The background cluster's control endpoint: plain HTTP on 127.0.0.1, a random port, and a per-run
 * secret (in control.json, readable only by its owner) that every request must carry. Other
 * `kubelab` commands use it for what only the cluster process can do: component health, faults,
 * shutdown. Everything about Kubernetes objects goes through the API server instead.
 *
 *   GET  /status        → { components, nodes, server, kubeconfig }
 *   GET  /faults        → ledger entries
 *   POST /faults        { kind, args }   → the new ledger entry (400 with a message if refused)
 *   POST /revert        { id } | { all: true } → the reverted entries
 *   POST /shutdown      → 202, then faults are reverted and the cluster stops
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultError } from '../../faults/fault';
import type { EmbeddedCluster } from '../cluster/embedded-cluster';

export const TOKEN_HEADER = 'x-kubelab-control-token';

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  let s = '';
  for await (const chunk of req) s += String(chunk);
  return s ? (JSON.parse(s) as Record<string, unknown>) : {};
}

function send(res: ServerResponse, code: number, value: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

export class ControlServer {
  readonly token = randomBytes(24).toString('hex');
  private server: Server | undefined;

  constructor(
    private readonly cluster: () => EmbeddedCluster | undefined,
    private readonly onShutdown: () => void,
  ) {}

  async listen(): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    s?.closeAllConnections();
    if (s) await new Promise<void>((r) => s.close(() => r()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.headers[TOKEN_HEADER] !== this.token) return send(res, 401, { error: 'bad token' });
    const route = `${req.method} ${req.url}`;
    if (route === 'POST /shutdown') {
      send(res, 202, { ok: true });
      this.onShutdown();
      return;
    }
    const c = this.cluster();
    if (!c) return send(res, 503, { error: 'the cluster is still starting' });
    try {
      switch (route) {
        case 'GET /status':
          return send(res, 200, {
            components: c.components(),
            nodes: c.nodes,
            server: c.server,
            kubeconfig: c.kubeconfigPath,
          });
        case 'GET /faults':
          return send(res, 200, c.faults.ledger.entries());
        case 'POST /faults': {
          const b = await body(req);
          const args = Array.isArray(b.args) ? b.args.map(String) : [];
          return send(res, 200, await c.faults.apply(String(b.kind ?? ''), args));
        }
        case 'POST /revert': {
          const b = await body(req);
          const out = b.all ? await c.faults.revertAll() : [await c.faults.revert(String(b.id))];
          return send(res, 200, out);
        }
        default:
          return send(res, 404, { error: `no route ${route}` });
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      send(res, err instanceof FaultError ? 400 : 500, { error: message });
    }
  }
}
