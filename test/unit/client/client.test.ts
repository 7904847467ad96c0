import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { findResource } from '../../../src-cluster/api/resources';
import { ApiClient } from '../../../src-cluster/client/client';
import {
  ApiError,
  isAlreadyExists,
  isConflict,
  isExpired,
  isInvalid,
  isNotFound,
} from '../../../src-cluster/client/errors';
import { HttpTransport } from '../../../src-cluster/client/http-transport';
import { TransportError } from '../../../src-cluster/client/transport';
import { WatchDecodeError } from '../../../src-cluster/client/watch';
import { TraceRing } from '../../../src-shared/trace';
import { FakeApiServer } from './fake-apiserver';

const pods = findResource('', 'v1', 'pods')!;
const nodes = findResource('', 'v1', 'nodes')!;
const deployments = findResource('apps', 'v1', 'deployments')!;

describe('ApiClient against a fake API server', () => {
  const server = new FakeApiServer();
  let transport: HttpTransport;
  let client: ApiClient;
  const trace = new TraceRing();

  beforeAll(async () => {
    transport = new HttpTransport({ server: await server.start() });
    client = new ApiClient({ transport, component: 'test', trace });
  });
  afterAll(async () => {
    transport.close();
    await server.stop();
  });

  it('creates, gets, updates, patches and deletes a pod on the standard paths', async () => {
    const rc = client.resource<Pod>(pods).namespace('default');
    const created = await rc.create({ metadata: { name: 'p1' }, spec: { containers: [] } });
    expect(created.metadata?.resourceVersion).toBeTruthy();
    expect(created.kind).toBe('Pod'); // filled in from the resource info
    expect(created.apiVersion).toBe('v1');
    expect(server.count('POST', '/api/v1/namespaces/default/pods')).toBe(1);

    const got = await rc.get('p1');
    expect(got.metadata?.name).toBe('p1');

    const updated = await rc.update({ ...got, metadata: { ...got.metadata, labels: { a: 'b' } } });
    expect(updated.metadata?.labels).toEqual({ a: 'b' });

    const patched = await rc.patch('p1', 'merge', { metadata: { labels: { c: 'd' } } });
    expect(patched.metadata?.labels).toEqual({ a: 'b', c: 'd' });
    const patchReq = server.requests.at(-1)!;
    expect(patchReq.headers['content-type']).toBe('application/merge-patch+json');

    await rc.delete('p1', { propagationPolicy: 'Background', gracePeriodSeconds: 0 });
    const del = server.requests.at(-1)!;
    expect(JSON.parse(del.body)).toMatchObject({
      kind: 'DeleteOptions',
      propagationPolicy: 'Background',
      gracePeriodSeconds: 0,
    });
    await expect(rc.get('p1')).rejects.toSatisfy(isNotFound);
  });

  it('uses /apis/<group>/<version> paths and cluster-scoped paths', async () => {
    await client
      .resource(deployments)
      .namespace('ns1')
      .create({ metadata: { name: 'web' } });
    expect(server.count('POST', '/apis/apps/v1/namespaces/ns1/deployments')).toBe(1);
    await client.resource(nodes).create({ metadata: { name: 'n1' } });
    expect(server.count('POST', '/api/v1/nodes')).toBe(1);
    const list = await client.resource(nodes).list();
    expect(list.items.map((n) => n.metadata?.name)).toEqual(['n1']);
  });

  it('lists with selectors, limit and continue', async () => {
    const rc = client.resource<Pod>(pods).namespace('paged');
    for (const n of ['a', 'b', 'c']) {
      await rc.create({ metadata: { name: n, labels: { app: n === 'c' ? 'other' : 'web' } } });
    }
    const first = await rc.list({ limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.metadata.continue).toBeTruthy();
    const second = await rc.list({ limit: 2, continue: first.metadata.continue });
    expect(second.items.map((p) => p.metadata?.name)).toEqual(['c']);
    const web = await rc.list({ labelSelector: 'app=web' });
    expect(web.items.map((p) => p.metadata?.name).sort()).toEqual(['a', 'b']);
    const last = server.requests.at(-1)!;
    expect(last.url).toContain('labelSelector=app%3Dweb');
  });

  it('turns Status errors into ApiError with code, reason, message and details', async () => {
    const rc = client.resource<Pod>(pods).namespace('errs');
    const p = await rc.create({ metadata: { name: 'x' } });
    const dup = await rc.create({ metadata: { name: 'x' } }).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(ApiError);
    expect(isAlreadyExists(dup)).toBe(true);
    expect((dup as ApiError).code).toBe(409);
    expect((dup as ApiError).message).toBe('pods "x" already exists');
    expect((dup as ApiError).details).toEqual({ name: 'x', kind: 'pods' });

    await rc.update({ ...p, metadata: { ...p.metadata, labels: { v: '1' } } });
    const stale = await rc.update(p).catch((e: unknown) => e); // p still carries the old RV
    expect(isConflict(stale)).toBe(true);
    expect(isAlreadyExists(stale)).toBe(false);

    const missing = await rc.get('nope').catch((e: unknown) => e);
    expect(isNotFound(missing)).toBe(true);
    expect((missing as ApiError).message).toBe('pods "nope" not found');
  });

  it('gives a readable ApiError for non-Status bodies and a 422 Invalid', async () => {
    const remove = server.inject((r) =>
      r.url.includes('/plain')
        ? { status: 503, body: 'upstream connect error', type: 'text/plain' }
        : undefined,
    );
    const remove2 = server.inject((r) =>
      r.url.includes('/invalid')
        ? {
            status: 422,
            body: JSON.stringify({
              kind: 'Status',
              apiVersion: 'v1',
              status: 'Failure',
              reason: 'Invalid',
              code: 422,
              message: 'Deployment.apps "broken" is invalid: spec.selector: Required value',
              details: {
                name: 'broken',
                kind: 'Deployment',
                causes: [
                  {
                    reason: 'FieldValueRequired',
                    message: 'Required value',
                    field: 'spec.selector',
                  },
                ],
              },
            }),
          }
        : undefined,
    );
    try {
      const plain = await client
        .resource<Pod>(pods)
        .namespace('plain')
        .get('x')
        .catch((e: unknown) => e);
      expect(plain).toBeInstanceOf(ApiError);
      expect((plain as ApiError).code).toBe(503);
      expect((plain as ApiError).reason).toBe('ServiceUnavailable');
      expect((plain as ApiError).message).toContain('upstream connect error');

      const inv = await client
        .resource(deployments)
        .namespace('invalid')
        .create({ metadata: { name: 'broken' } })
        .catch((e: unknown) => e);
      expect(isInvalid(inv)).toBe(true);
      expect((inv as ApiError).details?.causes?.[0]?.field).toBe('spec.selector');
    } finally {
      remove();
      remove2();
    }
  });

  it('reports a 410 on watch start as an expired ApiError', async () => {
    const rc = client.resource<Pod>(pods).namespace('w410');
    const remove = server.inject((r) =>
      r.url.includes('w410') && r.url.includes('watch=true')
        ? {
            status: 410,
            body: JSON.stringify({
              kind: 'Status',
              code: 410,
              reason: 'Expired',
              message: 'too old',
            }),
          }
        : undefined,
    );
    try {
      const err = await rc.watch({ resourceVersion: '1' }).catch((e: unknown) => e);
      expect(isExpired(err)).toBe(true);
    } finally {
      remove();
    }
  });

  it('sends User-Agent and the causal id, and traces each request', async () => {
    const caused = client.withCausalId('req-42');
    await caused
      .resource<Pod>(pods)
      .namespace('trace')
      .create({ metadata: { name: 't' } });
    const req = server.requests.at(-1)!;
    expect(req.headers['user-agent']).toBe('kubelab/test');
    expect(req.headers['x-kubelab-causal-id']).toBe('req-42');
    const ev = trace.events().at(-1)!;
    expect(ev).toMatchObject({
      verb: 'create',
      resource: 'pods',
      namespace: 'trace',
      outcome: 201,
      causalId: 'req-42',
      from: { component: 'test' },
    });
    await client.resource(pods).namespace('trace').get('t', { causalId: 'other' });
    expect(server.requests.at(-1)!.headers['x-kubelab-causal-id']).toBe('other');
  });

  it('posts subresources (binding) and updates status', async () => {
    const rc = client.resource<Pod>(pods).namespace('sub');
    await rc.create({ metadata: { name: 'p' }, spec: { containers: [] } });
    await rc.createSubresource('p', 'binding', {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: 'p' },
      target: { kind: 'Node', name: 'node-1' },
    });
    expect(server.count('POST', '/api/v1/namespaces/sub/pods/p/binding')).toBe(1);
    const bound = await rc.get('p');
    expect(bound.spec?.nodeName).toBe('node-1');
    const st = await rc.updateStatus({ ...bound, status: { phase: 'Running' } });
    expect(st.status?.phase).toBe('Running');
    expect(server.count('PUT', '/api/v1/namespaces/sub/pods/p/status')).toBe(1);
  });

  it('watch yields typed events and can be closed', async () => {
    const rc = client.resource<Pod>(pods).namespace('watch');
    const w = await rc.watch({ resourceVersion: String(server.resourceVersion) });
    server.serverPut('/pods', { metadata: { name: 'w1', namespace: 'watch' } });
    server.serverDelete('/pods', 'watch', 'w1');
    const seen: string[] = [];
    for await (const ev of w) {
      if (ev.type !== 'ERROR') seen.push(`${ev.type} ${ev.object.metadata?.name}`);
      if (seen.length === 2) w.close();
    }
    expect(seen).toEqual(['ADDED w1', 'DELETED w1']);
  });

  it('reports a line that is not a watch event as a WatchDecodeError', async () => {
    const remove = server.inject((r) =>
      r.url.includes('/garbled/') ? { status: 200, body: '<html>proxy</html>\n' } : undefined,
    );
    try {
      const w = await client.resource<Pod>(pods).namespace('garbled').watch();
      const drain = async () => {
        for await (const _ of w) void _;
      };
      await expect(drain()).rejects.toBeInstanceOf(WatchDecodeError);
    } finally {
      remove();
    }
  });

  it('fails with a clear TransportError when the server refuses connections', async () => {
    const t = new HttpTransport({ server: 'http://127.0.0.1:1' });
    const c = new ApiClient({ transport: t, component: 'test' });
    const err = await c
      .resource(nodes)
      .list()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as Error).message).toContain('was refused');
    t.close();
  });

  it('refuses namespaced single-object calls without a namespace', async () => {
    await expect(client.resource(pods).get('x')).rejects.toThrow(/namespace/);
  });
});
