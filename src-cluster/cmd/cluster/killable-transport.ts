/**
 * A Transport that can die like a process does. In no-VM mode components share one Node process,
 * so "kill the scheduler" cannot be a signal; instead its connection to the API is cut at once:
 * every open watch ends, every later request fails, and nothing the component does on its way out
 * (such as releasing its leader Lease) reaches the server — exactly what a SIGKILL leaves behind,
 * so a standby has to wait for the Lease to expire, as in a real cluster.
 */
import {
  HttpTransport,
  TransportError,
  type HttpTransportOptions,
  type StreamResponse,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from '../../client';

export class KillableTransport implements Transport {
  private readonly inner: HttpTransport;
  private readonly streams = new Set<StreamResponse>();
  private dead = false;

  constructor(
    opts: HttpTransportOptions,
    private readonly who: string,
  ) {
    this.inner = new HttpTransport(opts);
  }

  async request(req: TransportRequest): Promise<TransportResponse> {
    this.check();
    const res = await this.inner.request(req);
    this.check();
    return res;
  }

  async stream(req: TransportRequest): Promise<StreamResponse> {
    this.check();
    const res = await this.inner.stream(req);
    if (this.dead) {
      res.close();
      this.check();
    }
    this.streams.add(res);
    return {
      status: res.status,
      headers: res.headers,
      lines: res.lines,
      close: () => {
        this.streams.delete(res);
        res.close();
      },
    };
  }

  /** Cuts every connection; later calls fail with a TransportError. */
  kill(): void {
    this.dead = true;
    for (const s of this.streams) s.close();
    this.streams.clear();
    this.inner.close();
  }

  /** Releases pooled sockets after a clean shutdown. */
  close(): void {
    this.inner.close();
  }

  private check(): void {
    if (this.dead) throw new TransportError(`${this.who} was killed`, 'EKILLED');
  }
}
