/**
 * One watch stream: GET ...?watch=1, then newline-delimited JSON events over a chunked response.
 * The arrival time is taken when the chunk carrying an event is received, before it is parsed, so
 * the figure is the server's delivery latency and not this process's JSON decoding.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface WatchEventArrival {
  type: string;
  name: string;
  resourceVersion: string;
  /** performance.now() when the chunk holding this event arrived. */
  at: number;
}

export class WatchClient {
  private req: http.ClientRequest | undefined;
  private ended = false;
  error: string | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly path: string,
    private readonly onEvent: (e: WatchEventArrival) => void,
  ) {}

  /** Resolves once the response headers arrived (the server registers the watch just after). */
  open(): Promise<void> {
    const url = new URL(this.path, this.baseUrl);
    return new Promise((resolve, reject) => {
      // No agent: each watch holds its own connection for its whole life, as kubectl's do.
      const req = http.get(
        url,
        { agent: false, headers: { accept: 'application/json' } },
        (res) => {
          if (res.statusCode !== 200) {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () =>
              reject(new Error(`watch ${this.path}: HTTP ${res.statusCode} ${body}`)),
            );
            return;
          }
          resolve();
          let buf = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            const at = performance.now();
            buf += chunk;
            let nl: number;
            while ((nl = buf.indexOf('\n')) >= 0) {
              const line = buf.slice(0, nl);
              buf = buf.slice(nl + 1);
              if (line.trim()) this.handleLine(line, at);
            }
          });
          res.on('end', () => {
            if (!this.ended) this.error ??= 'the server ended the watch early';
          });
          res.on('error', (err) => {
            if (!this.ended) this.error ??= err.message;
          });
        },
      );
      req.on('error', (err) => {
        if (!this.ended) this.error ??= err.message;
        reject(err);
      });
      this.req = req;
    });
  }

  private handleLine(line: string, at: number): void {
    const ev = JSON.parse(line) as {
      type: string;
      object: { metadata?: { name?: string; resourceVersion?: string }; message?: string };
    };
    if (ev.type === 'ERROR') {
      this.error ??= `ERROR event: ${ev.object.message ?? line}`;
      return;
    }
    this.onEvent({
      type: ev.type,
      name: ev.object.metadata?.name ?? '',
      resourceVersion: ev.object.metadata?.resourceVersion ?? '',
      at,
    });
  }

  close(): void {
    this.ended = true;
    this.req?.destroy();
  }
}
