/**
 * HTTP handler for the OpenAPI endpoints kubectl asks for (reference/kubectl-wire.md §3, §15):
 *
 *   GET /openapi/v2, /swagger-2.0.0.pb-v1  → the document as gnostic protobuf, or as JSON when the
 *                                            Accept header asks only for application/json
 *   GET /openapi/v3, /openapi/v3/…         → 404 Status, so kubectl 1.27+ falls back to v2
 *
 * The protobuf is served as `application/octet-stream`: kubectl asks for
 * `application/com.github.proto-openapi.spec.v2@v1.0+protobuf`, but Go's MIME parser rejects the
 * `@` if it comes back in Content-Type. Responses carry a strong ETag and Last-Modified, and a
 * matching If-None-Match gets 304, so kubectl's disk cache skips the download.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { writeStatus } from '../response';
import { methodNotAllowed, pathNotFound } from '../status';
import { encodeOpenApiV2 } from './encode';
import { buildOpenApiDocument } from './schema/document';

interface Representation {
  body: Buffer;
  contentType: string;
  etag: string;
}

interface Cached {
  protobuf: Representation;
  json: Representation;
  lastModified: string;
}

let cached: Cached | undefined;

function representation(body: Buffer, contentType: string): Representation {
  const digest = createHash('sha256').update(body).digest('hex').toUpperCase();
  return { body, contentType, etag: `"${digest}"` };
}

/** Builds both representations on first use; the document never changes while running. */
function documents(): Cached {
  if (!cached) {
    const doc = buildOpenApiDocument();
    cached = {
      protobuf: representation(Buffer.from(encodeOpenApiV2(doc)), 'application/octet-stream'),
      json: representation(Buffer.from(JSON.stringify(doc)), 'application/json'),
      lastModified: new Date().toUTCString(),
    };
  }
  return cached;
}

/** True when every media range in Accept is application/json (parameters ignored). */
export function acceptsOnlyJson(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept
    .split(',')
    .map((t) => t.split(';')[0]!.trim().toLowerCase())
    .filter(Boolean);
  return types.length > 0 && types.every((t) => t === 'application/json');
}

/** Whether an If-None-Match header names this ETag (or is `*`). Weak comparison, like Go's. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag);
}

function serveDocument(
  req: IncomingMessage,
  res: ServerResponse,
  rep: Representation,
  lastModified: string,
): void {
  const headers = {
    ETag: rep.etag,
    'Last-Modified': lastModified,
    Vary: 'Accept',
    'Cache-Control': 'no-cache, private',
  };
  if (matches(req.headers['if-none-match'], rep.etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, {
    ...headers,
    'Content-Type': rep.contentType,
    'Content-Length': rep.body.length,
  });
  res.end(req.method === 'HEAD' ? undefined : rep.body);
}

/**
 * Serves the OpenAPI paths; returns false (having written nothing) for any other path so the
 * caller can route the request on.
 */
export function serveOpenApi(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
  const v2 = pathname === '/openapi/v2' || pathname === '/swagger-2.0.0.pb-v1';
  const v3 = pathname === '/openapi/v3' || pathname.startsWith('/openapi/v3/');
  if (!v2 && !v3) return false;
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    writeStatus(
      res,
      methodNotAllowed('the server does not allow this method on the requested resource'),
    );
    return true;
  }
  if (v3) {
    writeStatus(res, pathNotFound());
    return true;
  }
  const docs = documents();
  // The legacy path only ever served protobuf; kubectl 1.20 asks it with Accept: application/json, */*.
  const json = pathname === '/openapi/v2' && acceptsOnlyJson(req.headers.accept);
  serveDocument(req, res, json ? docs.json : docs.protobuf, docs.lastModified);
  return true;
}
