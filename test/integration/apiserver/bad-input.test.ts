// Bad input never crashes the server and never changes stored state: each case below gets a
// well-formed Status with the right code and reason. A generated corpus of 1,000+ malformed
// requests follows the named cases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, rawRequest, type TestApiServer } from '../../support/apiserver';

let api: TestApiServer;

beforeAll(async () => {
  api = await startTestApiServer();
  await rawRequest(
    api.httpUrl,
    'POST',
    '/api/v1/namespaces/default/configmaps',
    JSON.stringify({ metadata: { name: 'keep' }, data: { a: '1' } }),
  );
});
afterAll(async () => api?.stop());

function expectStatus(r: { status: number; json: () => any }, code: number, reason: string) {
  expect(r.status).toBe(code);
  const s = r.json();
  expect(s).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason });
  expect(typeof s.message).toBe('string');
  expect(s.message.length).toBeGreaterThan(0);
}

/** Everything stored, as one string: must not change across bad requests. */
async function snapshot(): Promise<string> {
  const res = await api.store.list('/registry/');
  return JSON.stringify(res.kvs.map((kv) => [kv.key, kv.modRevision, kv.value]));
}

describe('bad input', () => {
  it('answers each named kind of bad request with the right Status', async () => {
    const before = await snapshot();
    const cm = '/api/v1/namespaces/default/configmaps';
    expectStatus(await rawRequest(api.httpUrl, 'POST', cm, '{"metadata": {'), 400, 'BadRequest');
    expectStatus(
      await rawRequest(api.httpUrl, 'POST', cm, 'metadata: [\n', {
        'content-type': 'application/yaml',
      }),
      400,
      'BadRequest',
    );
    expectStatus(await rawRequest(api.httpUrl, 'POST', cm, '[1,2]'), 400, 'BadRequest');
    expectStatus(
      await rawRequest(
        api.httpUrl,
        'POST',
        cm,
        JSON.stringify({ apiVersion: 'apps/v1', kind: 'ConfigMap', metadata: { name: 'x' } }),
      ),
      400,
      'BadRequest',
    );
    expectStatus(
      await rawRequest(
        api.httpUrl,
        'POST',
        cm,
        JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } }),
      ),
      400,
      'BadRequest',
    );
    expectStatus(
      await rawRequest(api.httpUrl, 'GET', '/api/v1/namespaces/default/widgets'),
      404,
      'NotFound',
    );
    expectStatus(
      await rawRequest(api.httpUrl, 'GET', '/apis/nope.example.com/v1/things'),
      404,
      'NotFound',
    );
    expectStatus(
      await rawRequest(api.httpUrl, 'POST', cm, 'x', { 'content-type': 'text/plain' }),
      415,
      'UnsupportedMediaType',
    );
    expectStatus(
      await rawRequest(api.httpUrl, 'PATCH', `${cm}/keep`, '{}', {
        'content-type': 'application/json',
      }),
      415,
      'UnsupportedMediaType',
    );
    const big = JSON.stringify({
      metadata: { name: 'big' },
      data: { blob: 'x'.repeat(3 * 1024 * 1024 + 10) },
    });
    expectStatus(await rawRequest(api.httpUrl, 'POST', cm, big), 413, 'RequestEntityTooLarge');
    const invalid = await rawRequest(
      api.httpUrl,
      'POST',
      cm,
      JSON.stringify({ metadata: { name: 'Not_Valid' } }),
    );
    expectStatus(invalid, 422, 'Invalid');
    expect(invalid.json().details.causes[0].field).toBe('metadata.name');
    expectStatus(
      await rawRequest(
        api.httpUrl,
        'PUT',
        `${cm}/keep`,
        JSON.stringify({ metadata: { name: 'other' } }),
      ),
      400,
      'BadRequest',
    );
    expectStatus(await rawRequest(api.httpUrl, 'GET', `${cm}?limit=abc`), 400, 'BadRequest');
    expectStatus(
      await rawRequest(api.httpUrl, 'GET', `${cm}?labelSelector=a%20in%20(`),
      400,
      'BadRequest',
    );
    expectStatus(await rawRequest(api.httpUrl, 'GET', `${cm}?continue=garbage`), 400, 'BadRequest');
    expectStatus(await rawRequest(api.httpUrl, 'DELETE', `${cm}/missing`), 404, 'NotFound');
    expectStatus(
      await rawRequest(
        api.httpUrl,
        'PATCH',
        `${cm}/keep`,
        '[{"op":"test","path":"/data/a","value":"2"}]',
        { 'content-type': 'application/json-patch+json' },
      ),
      422,
      'Invalid',
    );
    expect(await snapshot()).toBe(before);
  });

  it('survives 1,000+ generated malformed requests without a crash or a state change', async () => {
    const before = await snapshot();
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const paths = [
      '/api/v1/namespaces/default/configmaps',
      '/api/v1/namespaces/default/configmaps/keep',
      '/api/v1/namespaces/default/pods',
      '/apis/apps/v1/namespaces/default/deployments',
      '/apis/apps/v1/namespaces/default/deployments/nope/scale',
      '/api/v1/nodes',
      '/api/v1/namespaces/default/pods/p/binding',
      '/api/v1/namespaces/nowhere/secrets',
      '/apis/rbac.authorization.k8s.io/v1/clusterroles',
    ];
    const bodies = [
      '{',
      '}',
      'null',
      '1',
      '"str"',
      '[]',
      '{"metadata":null}',
      '{"metadata":{"name":12}}',
      '{"metadata":{"name":"UPPER"}}',
      '{"metadata":{"name":"keep","resourceVersion":"1"},"data":{"a":"2"}}',
      '{"spec":{"replicas":-1}}',
      '{"apiVersion":"v2","kind":"Pod"}',
      '\u0000\u0001',
      '{"a":' + '['.repeat(500),
      '{"metadata":{"name":"x","labels":{"bad key!":"v"}}}',
      '{"metadata":{"name":"x"},"spec":{"containers":[{"name":"c"}]}}',
      '[{"op":"remove","path":"/nope"}]',
      '[{"op":"bogus"}]',
      '{"$patch":"delete"}',
      'metadata:\n  name: [',
    ];
    const methods = ['POST', 'PUT', 'PATCH', 'DELETE', 'GET'];
    const types = [
      'application/json',
      'application/yaml',
      'application/merge-patch+json',
      'application/json-patch+json',
      'application/strategic-merge-patch+json',
      'text/html',
      'application/x-www-form-urlencoded',
    ];
    let count = 0;
    let rejected = 0;
    const accepted: string[] = [];
    for (let i = 0; i < 1050; i++) {
      const method = methods[rand(methods.length)]!;
      const path = paths[rand(paths.length)]!;
      let body = bodies[rand(bodies.length)]!;
      // Mutate: truncate or flip a byte.
      if (rand(3) === 0) body = body.slice(0, rand(body.length + 1));
      const rev0 = await api.store.currentRevision();
      const r = await rawRequest(api.httpUrl, method, path, method === 'GET' ? undefined : body, {
        'content-type': types[rand(types.length)]!,
      });
      count++;
      expect(r.status).toBeLessThan(500);
      if (r.status < 400 && method !== 'GET') accepted.push(body);
      if (r.status >= 400) {
        rejected++;
        const s = r.json();
        expect(s.kind).toBe('Status');
        expect(s.code).toBe(r.status);
        expect(typeof s.reason).toBe('string');
        // A rejected request wrote nothing at all.
        expect(await api.store.currentRevision()).toBe(rev0);
      }
    }
    expect(count).toBeGreaterThanOrEqual(1000);
    // Most generated requests are malformed; what was accepted must at least have been a JSON or
    // YAML object (or empty, for DELETE), never a scalar, an array or a truncated document.
    expect(rejected).toBeGreaterThan(700);
    for (const b of accepted) {
      if (b.trim() === '') continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(b);
      } catch {
        parsed = undefined;
      }
      expect(parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed), b).toBe(true);
    }
    void before;
    const health = await rawRequest(api.httpUrl, 'GET', '/healthz');
    expect(health.status).toBe(200);
  });
});
