/**
 * The front API load balancer of the no-VM cluster: a plain TCP proxy on loopback over the masters'
 * HTTPS ports, like the one the lab host runs in VM mode. The kubeconfig names only this address,
 * so kubectl and every node keep working when a master's API server goes away. It does not look
 * inside TLS: each client connection is piped whole to one API server (round-robin), and a backend
 * that refuses the connection is skipped for that connection.
 */
import {
  createConnection,
  createServer,
  type AddressInfo,
  type Server,
  type Socket,
} from 'node:net';

export class ApiLoadBalancer {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private next = 0;

  constructor(private backends: { host: string; port: number }[]) {}

  /** Replaces the set of API servers (a master added or removed). */
  setBackends(backends: { host: string; port: number }[]): void {
    this.backends = backends;
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<number> {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
    });
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  private track(s: Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
  }

  private accept(client: Socket): void {
    this.track(client);
    client.pause();
    const order = this.backends.map(
      (_, i) => this.backends[(this.next + i) % this.backends.length]!,
    );
    this.next = (this.next + 1) % Math.max(1, this.backends.length);
    const attempt = (i: number) => {
      const b = order[i];
      if (!b || client.destroyed) {
        client.destroy();
        return;
      }
      const upstream = createConnection({ host: b.host, port: b.port });
      this.track(upstream);
      const onError = () => {
        upstream.destroy();
        attempt(i + 1);
      };
      upstream.once('error', onError);
      upstream.once('connect', () => {
        upstream.off('error', onError);
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        client.on('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    attempt(0);
  }
}
