import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptsOnlyJson, serveOpenApi } from '../../../../src-cluster/apiserver/openapi/handler';
import { named, one } from './wire-reader';

const PROTO_ACCEPT = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    if (!serveOpenApi(req, res, pathname)) {
      res.writeHead(418);
      res.end('not openapi');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function get(
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const NOT_FOUND = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'the server could not find the requested resource',
  reason: 'NotFound',
  details: {},
  code: 404,
};

describe('serveOpenApi', () => {
  it('serves protobuf as application/octet-stream, never the @ media type', async () => {
    const r = await get('/openapi/v2?timeout=32s', { Accept: PROTO_ACCEPT });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/octet-stream');
    expect(r.headers.etag).toMatch(/^"[0-9A-F]{64}"$/);
    expect(r.headers['last-modified']).toBeTruthy();
    expect(r.headers.vary).toBe('Accept');
    const defs = named(one(r.body, 9)!, 1);
    expect(defs.has('io.k8s.api.apps.v1.Deployment')).toBe(true);
  });

  it('answers a matching If-None-Match with 304 and no body', async () => {
    const first = await get('/openapi/v2', { Accept: PROTO_ACCEPT });
    const again = await get('/openapi/v2', {
      Accept: PROTO_ACCEPT,
      'If-None-Match': first.headers.etag!,
    });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(first.headers.etag);
    const stale = await get('/openapi/v2', { Accept: PROTO_ACCEPT, 'If-None-Match': '"old"' });
    expect(stale.status).toBe(200);
  });

  it('serves the same protobuf at the legacy path even when JSON is accepted', async () => {
    const legacy = await get('/swagger-2.0.0.pb-v1', { Accept: 'application/json, */*' });
    const v2 = await get('/openapi/v2', { Accept: PROTO_ACCEPT });
    expect(legacy.status).toBe(200);
    expect(legacy.headers['content-type']).toBe('application/octet-stream');
    expect(legacy.body.equals(v2.body)).toBe(true);
  });

  it('serves JSON, with its own ETag, only when Accept asks for JSON alone', async () => {
    const r = await get('/openapi/v2', { Accept: 'application/json' });
    expect(r.headers['content-type']).toBe('application/json');
    const doc = JSON.parse(r.body.toString()) as { swagger: string; definitions: object };
    expect(doc.swagger).toBe('2.0');
    expect(Object.keys(doc.definitions)).toContain('io.k8s.api.core.v1.Pod');
    const proto = await get('/openapi/v2', { Accept: PROTO_ACCEPT });
    expect(r.headers.etag).not.toBe(proto.headers.etag);
    const mixed = await get('/openapi/v2', { Accept: 'application/json, */*' });
    expect(mixed.headers['content-type']).toBe('application/octet-stream');
  });

  it('answers HEAD without a body', async () => {
    const r = await get('/openapi/v2', {}, 'HEAD');
    expect(r.status).toBe(200);
    expect(Number(r.headers['content-length'])).toBeGreaterThan(10_000);
    expect(r.body.length).toBe(0);
  });

  it('returns a NotFound Status for /openapi/v3 so kubectl falls back to v2', async () => {
    for (const path of ['/openapi/v3', '/openapi/v3/apis/apps/v1', '/openapi/v3/api/v1?hash=x']) {
      const r = await get(path, { Accept: 'application/json' });
      expect(r.status, path).toBe(404);
      expect(r.headers['content-type']).toBe('application/json');
      expect(JSON.parse(r.body.toString())).toEqual(NOT_FOUND);
    }
  });

  it('rejects writes with MethodNotAllowed', async () => {
    const r = await get('/openapi/v2', {}, 'POST');
    expect(r.status).toBe(405);
    expect(JSON.parse(r.body.toString())).toMatchObject({ reason: 'MethodNotAllowed' });
  });

  it('leaves other paths to the caller', async () => {
    for (const path of ['/api', '/openapi', '/openapi/v2/extra', '/openapi/v30']) {
      const r = await get(path);
      expect(r.status, path).toBe(418);
    }
  });
});

describe('acceptsOnlyJson', () => {
  it.each([
    ['application/json', true],
    ['application/json;charset=utf-8, application/json', true],
    ['application/json, */*', false],
    [PROTO_ACCEPT, false],
    ['', false],
    [undefined, false],
  ])('%s → %s', (accept, want) => {
    expect(acceptsOnlyJson(accept)).toBe(want);
  });
});
