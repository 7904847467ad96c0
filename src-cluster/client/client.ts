/**
 * The API client: the only way kubelab components reach the API server. It adds the identity
 * headers (User-Agent kubelab/<component>, the optional causal id), turns non-2xx answers into
 * ApiError, records one trace event per request, and hands out typed per-resource clients.
 */
import type { ClientObject } from './types';
import { type Clock, realClock } from '../../src-shared/util/clock';
import { nullTraceSink, type TraceSink } from '../../src-shared/trace';
import { apiErrorFromResponse } from './errors';
import type { ResourceRef } from './paths';
import { ResourceClient } from './resource-client';
import type { Transport, TransportRequest } from './transport';
import { watchFromStream, type Watch } from './watch';

/** Header carrying the id that follows one user action through the system (DESIGN.md §5). */
export const CAUSAL_ID_HEADER = 'X-Kubelab-Causal-Id';

/** Options every call accepts. */
export interface CallOptions {
  /** Overrides the client's causal id for this call. */
  causalId?: string;
  signal?: AbortSignal;
}

/** What a client is built from. */
export interface ApiClientOptions {
  transport: Transport;
  /** Who is calling ("scheduler", "kubelet"); sent as User-Agent kubelab/<component>. */
  component: string;
  /** Instance name for traces ("node-1"). */
  instance?: string;
  /** Default causal id for every request of this client. */
  causalId?: string;
  trace?: TraceSink;
  clock?: Clock;
}

/** What the client knows about a request, for its trace event. */
export interface RequestMeta {
  verb: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

/** One raw call: path, query and body; the client adds headers and error handling. */
export interface RawRequest extends CallOptions {
  method: TransportRequest['method'];
  path: string;
  query?: Record<string, string | undefined>;
  /** Serialized as JSON unless already a string. */
  body?: unknown;
  contentType?: string;
  meta?: RequestMeta;
}

/** Entry point: build one per component and share it. Immutable; with*() return new clients. */
export class ApiClient {
  readonly transport: Transport;
  private readonly trace: TraceSink;
  private readonly clock: Clock;

  constructor(private readonly opts: ApiClientOptions) {
    this.transport = opts.transport;
    this.trace = opts.trace ?? nullTraceSink;
    this.clock = opts.clock ?? realClock;
  }

  /** The component name this client identifies as. */
  get component(): string {
    return this.opts.component;
  }

  /** A client that stamps every request with this causal id. */
  withCausalId(causalId: string): ApiClient {
    return new ApiClient({ ...this.opts, causalId });
  }

  /** A typed client for one resource; call .namespace(ns) to scope it. */
  resource<T extends ClientObject = ClientObject>(ref: ResourceRef): ResourceClient<T> {
    return new ResourceClient<T>(this, ref, undefined);
  }

  /**
   * Sends a request and parses the JSON answer. Non-2xx answers throw ApiError carrying the
   * server's Status; connection failures throw TransportError.
   */
  async request<R = unknown>(req: RawRequest): Promise<R> {
    const start = this.clock.now();
    const causalId = req.causalId ?? this.opts.causalId;
    let outcome: number | string = 'error';
    try {
      const res = await this.transport.request(this.toTransport(req, 'application/json'));
      outcome = res.status;
      if (res.status < 200 || res.status > 299) {
        throw apiErrorFromResponse(res.status, res.body, res.headers);
      }
      if (!res.body) return undefined as R;
      try {
        return JSON.parse(res.body) as R;
      } catch {
        throw apiErrorFromResponse(500, `invalid JSON in response: ${res.body.slice(0, 200)}`);
      }
    } finally {
      this.emit(req.meta, start, outcome, causalId);
    }
  }

  /** Opens a watch stream; a non-2xx answer (e.g. 410 before streaming) throws ApiError. */
  async watch<T extends ClientObject>(req: RawRequest): Promise<Watch<T>> {
    const start = this.clock.now();
    const causalId = req.causalId ?? this.opts.causalId;
    let outcome: number | string = 'error';
    try {
      const res = await this.transport.stream(this.toTransport(req, 'application/json'));
      outcome = res.status;
      if (res.status < 200 || res.status > 299) {
        let body = '';
        try {
          for await (const line of res.lines) body += line + '\n';
        } finally {
          res.close();
        }
        throw apiErrorFromResponse(res.status, body, res.headers);
      }
      return watchFromStream<T>(res);
    } finally {
      this.emit(req.meta, start, outcome, causalId);
    }
  }

  private toTransport(req: RawRequest, accept: string): TransportRequest {
    const headers: Record<string, string> = {
      Accept: accept,
      'User-Agent': `kubelab/${this.opts.component}`,
    };
    const causalId = req.causalId ?? this.opts.causalId;
    if (causalId) headers[CAUSAL_ID_HEADER] = causalId;
    let body: string | undefined;
    if (req.body !== undefined) {
      body = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
      headers['Content-Type'] = req.contentType ?? 'application/json';
    }
    return {
      method: req.method,
      path: req.path,
      query: req.query,
      headers,
      body,
      signal: req.signal,
    };
  }

  private emit(
    meta: RequestMeta | undefined,
    start: number,
    outcome: number | string,
    causalId: string | undefined,
  ): void {
    if (!meta) return;
    this.trace.emit({
      time: start,
      from: { component: this.opts.component, instance: this.opts.instance },
      to: { component: 'apiserver' },
      verb: meta.verb,
      resource: meta.resource,
      subresource: meta.subresource,
      namespace: meta.namespace,
      name: meta.name,
      latencyMs: this.clock.now() - start,
      outcome,
      causalId,
    });
  }
}
