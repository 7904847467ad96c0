/**
 * The byte-level seam under the API client: one request/response, or one streamed response read
 * line by line (watches). HTTP(S) is the real implementation (http-transport.ts); tests and the
 * in-process no-VM cluster may supply others. A Transport knows nothing about Kubernetes objects.
 */

/** One HTTP request, path and query already separated so transports need not re-parse URLs. */
export interface TransportRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Absolute path on the server, e.g. "/api/v1/namespaces/default/pods". */
  path: string;
  /** Query parameters; undefined values are omitted. */
  query?: Record<string, string | undefined>;
  headers?: Record<string, string>;
  /** Request body, already serialized. */
  body?: string;
  /** Aborts the request (and, for streams, the open response). */
  signal?: AbortSignal;
}

/** A complete response. Header names are lower-case. */
export interface TransportResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * A response whose body arrives over time. `lines` yields each newline-terminated line (without
 * the newline; a final unterminated line is yielded too) and ends when the server ends the body.
 * close() stops reading and releases the connection; afterwards `lines` ends promptly.
 * For non-2xx statuses the whole body is still readable through `lines`.
 */
export interface StreamResponse {
  status: number;
  headers: Record<string, string>;
  lines: AsyncIterable<string>;
  close(): void;
}

/** Carries requests to an API server. Errors are rejected promises (connection refused, TLS …). */
export interface Transport {
  request(req: TransportRequest): Promise<TransportResponse>;
  stream(req: TransportRequest): Promise<StreamResponse>;
}

/** Builds "path?k=v&…" with undefined values dropped, in insertion order. */
export function buildUrlPath(path: string, query?: Record<string, string | undefined>): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) qs.append(k, v);
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

/** Connection-level failure (refused, reset, TLS): the server never produced an HTTP answer. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransportError';
  }
}
