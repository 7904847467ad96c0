/**
 * A minimal HTTP client for the benchmarks: Node's http with one keep-alive Agent, JSON in and out,
 * and the wall time of each request measured with performance.now(). It deliberately bypasses
 * src-cluster/client so the figures show the API server, not our client's informer machinery.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface TimedResponse {
  status: number;
  body: string;
  /** performance.now() when the request was issued and when the last body byte arrived. */
  start: number;
  end: number;
}

export class BenchClient {
  readonly agent: http.Agent;
  private readonly url: URL;

  constructor(baseUrl: string, maxSockets = 256) {
    this.url = new URL(baseUrl);
    // keepAlive: a fresh TCP connection per create would dominate the latency we want to see.
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  request(method: string, path: string, body?: unknown): Promise<TimedResponse> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const start = performance.now();
      const req = http.request(
        {
          host: this.url.hostname,
          port: this.url.port,
          method,
          path,
          agent: this.agent,
          headers: {
            accept: 'application/json',
            'user-agent': 'kubelab-bench/0.1',
            ...(payload !== undefined
              ? {
                  'content-type': 'application/json',
                  'content-length': Buffer.byteLength(payload),
                }
              : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              start,
              end: performance.now(),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** A request that must succeed (setup steps): throws with the server's Status on failure. */
  async expect(method: string, path: string, body: unknown, ok: number[]): Promise<unknown> {
    const r = await this.request(method, path, body);
    if (!ok.includes(r.status)) {
      throw new Error(`${method} ${path} -> HTTP ${r.status}: ${r.body.slice(0, 500)}`);
    }
    return r.body ? JSON.parse(r.body) : undefined;
  }

  close(): void {
    this.agent.destroy();
  }
}
