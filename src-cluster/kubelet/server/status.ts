/**
 * Error replies of the kubelet server. They are Status JSON (upstream's kubelet answers plain text,
 * but the API server proxies them verbatim to kubectl, which prints a Status far more helpfully).
 */
import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  500: 'InternalError',
};

/** A request the server refuses, with its HTTP code. */
export class RequestError extends Error {
  override readonly name = 'RequestError';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export function statusJson(code: number, message: string): string {
  return JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: REASONS[code] ?? '',
    code,
  });
}

/** Writes a Status error on a normal HTTP response. */
export function writeStatus(res: ServerResponse, code: number, message: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = statusJson(code, message);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Writes a Status error as a raw HTTP/1.1 response on a socket that asked for an upgrade. */
export function writeRawStatus(socket: Duplex, code: number, message: string): void {
  const body = statusJson(code, message);
  socket.end(
    `HTTP/1.1 ${code} ${STATUS_CODES[code] ?? 'Error'}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
