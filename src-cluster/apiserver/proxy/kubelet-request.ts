/**
 * Opening the request to the kubelet, and turning transport failures into the Status upstream
 * shows: `Error from server: Get "http://10.0.0.5:10250/containerLogs/…": dial tcp …: connection
 * refused` (code 500, empty reason, so kubectl prints no "(Reason)").
 */
import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import { ApiStatusError } from '../status';
import type { KubeletClientOptions, KubeletLocation } from './kubelet-location';

/** Request headers never forwarded: hop-by-hop ones and the client's own credentials. */
const DROP = new Set([
  'host',
  'authorization',
  'proxy-authorization',
  'cookie',
  'keep-alive',
  'transfer-encoding',
  'te',
  'trailer',
]);

/**
 * Copies the client's headers for the kubelet. Repeated headers stay repeated (from rawHeaders):
 * a Go kubelet reads each X-Stream-Protocol-Version line as one protocol.
 */
export function forwardHeaders(rawHeaders: string[], keepUpgrade: boolean): OutgoingHttpHeaders {
  const out: Record<string, string[]> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    if (DROP.has(name)) continue;
    if (!keepUpgrade && (name === 'connection' || name === 'upgrade')) continue;
    (out[name] ??= []).push(rawHeaders[i + 1]!);
  }
  return out;
}

export function kubeletRequest(
  loc: KubeletLocation,
  method: string,
  path: string,
  headers: OutgoingHttpHeaders,
  tls: KubeletClientOptions | undefined,
): http.ClientRequest {
  const common = { host: loc.host, port: loc.port, method, path, headers, agent: false as const };
  if (loc.scheme === 'https') {
    return https.request({
      ...common,
      ...(tls?.ca ? { ca: tls.ca } : {}),
      ...(tls?.cert ? { cert: tls.cert } : {}),
      ...(tls?.key ? { key: tls.key } : {}),
    });
  }
  return http.request(common);
}

const GO_METHOD: Record<string, string> = { GET: 'Get', POST: 'Post' };

/** The Status for a kubelet that could not be reached. */
export function kubeletUnreachable(
  loc: KubeletLocation,
  method: string,
  path: string,
  err: Error & { code?: string },
): ApiStatusError {
  const url = `${loc.scheme}://${loc.host}:${loc.port}${path}`;
  const why =
    err.code === 'ECONNREFUSED'
      ? `dial tcp ${loc.host}:${loc.port}: connect: connection refused`
      : err.message;
  return new ApiStatusError(500, '', `${GO_METHOD[method] ?? method} "${url}": ${why}`);
}

export function copyResponseHeaders(h: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const name of ['content-type', 'cache-control', 'content-length']) {
    const v = h[name];
    if (v !== undefined) out[name] = v;
  }
  return out;
}
