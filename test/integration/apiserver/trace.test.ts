// Every request and every watch event the API server dispatches is a trace event (DESIGN.md §5):
// the live diagram is drawn from these, so they must name who, what and the outcome.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api, Watch } from '@kubernetes/client-node';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver';
import { ApiClient, HttpTransport } from '../../../src-cluster/client';
import { RESOURCES } from '../../../src-cluster/api/resources';

let api: TestApiServer;

beforeAll(async () => {
  api = await startTestApiServer();
});
afterAll(async () => api?.stop());

describe('API server tracing', () => {
  it('names kubelab components by their component, other clients by their agent', async () => {
    const transport = new HttpTransport({ server: api.httpUrl });
    const client = new ApiClient({ transport, component: 'kube-scheduler' });
    await client.resource(RESOURCES.find((r) => r.resource === 'namespaces')!).list();
    transport.close();
    const ev = api.trace.events().find((e) => e.verb === 'list' && e.resource === 'namespaces');
    expect(ev?.from.component).toBe('kube-scheduler');
  });

  it('records requests with verb, resource, name, status and latency, and watch events fanned out', async () => {
    const kc = api.kubeConfig();
    const core = kc.makeApiClient(CoreV1Api);
    const got: string[] = [];
    const ctl = await new Watch(kc).watch(
      '/api/v1/namespaces/default/configmaps',
      {
        resourceVersion: (await core.listNamespacedConfigMap({ namespace: 'default' })).metadata!
          .resourceVersion!,
      },
      (type) => got.push(type),
      () => {},
    );
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'traced' } },
    });
    const missing = core
      .readNamespacedConfigMap({ name: 'absent', namespace: 'default' })
      .catch(() => null);
    await missing;
    const deadline = Date.now() + 5000;
    while (got.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    ctl.abort();

    const events = api.trace.events();
    const create = events.find(
      (e) => e.verb === 'create' && e.name === undefined && e.resource === 'configmaps',
    );
    expect(create).toMatchObject({
      to: { component: 'apiserver' },
      resource: 'configmaps',
      namespace: 'default',
      outcome: 201,
    });
    expect(typeof create!.latencyMs).toBe('number');
    expect(create!.causalId).toBeTruthy();
    const notFound = events.find((e) => e.verb === 'get' && e.name === 'absent');
    expect(notFound?.outcome).toBe(404);
    const fanned = events.find((e) => e.verb === 'watch-event' && e.name === 'traced');
    expect(fanned).toMatchObject({
      from: { component: 'apiserver' },
      outcome: 'ADDED',
      resource: 'configmaps',
    });
    expect(fanned!.resourceVersion).toMatch(/^\d+$/);
  });
});
