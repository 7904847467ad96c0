// Deleting a namespace deletes its contents: the namespace controller, talking to a real API
// server through the client, empties the namespace and finalizes it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api, AppsV1Api } from '@kubernetes/client-node';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver';
import { startControllers } from '../../../src-cluster/cmd/in-process-controllers';
import { ensurePki } from '../../../src-cluster/admin/pki';

let api: TestApiServer;
let controllers: { stop(): Promise<void> };

beforeAll(async () => {
  api = await startTestApiServer();
  const pki = ensurePki(process.env.KUBELAB_TEST_PKI!, []);
  controllers = startControllers(['namespace'], {
    server: api.url,
    ca: pki.caCert,
    cert: pki.adminCert,
    key: pki.adminKey,
  });
});
afterAll(async () => {
  await controllers?.stop();
  await api?.stop();
});

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('namespace deletion', () => {
  it('removes every object in the namespace, then the namespace itself', async () => {
    const kc = api.kubeConfig();
    const core = kc.makeApiClient(CoreV1Api);
    const apps = kc.makeApiClient(AppsV1Api);
    await core.createNamespace({ body: { metadata: { name: 'scratch' } } });
    await core.createNamespacedConfigMap({
      namespace: 'scratch',
      body: { metadata: { name: 'a' } },
    });
    await core.createNamespacedSecret({
      namespace: 'scratch',
      body: { metadata: { name: 's' }, stringData: { k: 'v' } },
    });
    await core.createNamespacedPod({
      namespace: 'scratch',
      body: { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
    });
    await apps.createNamespacedDeployment({
      namespace: 'scratch',
      body: {
        metadata: { name: 'd' },
        spec: {
          selector: { matchLabels: { app: 'd' } },
          template: {
            metadata: { labels: { app: 'd' } },
            spec: { containers: [{ name: 'c', image: 'nginx' }] },
          },
        },
      },
    });
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'survivor' } },
    });

    await core.deleteNamespace({ name: 'scratch' });
    const gone = await eventually(
      async () => (await core.listNamespace()).items.map((n) => n.metadata!.name),
      (names) => !names.includes('scratch'),
    );
    expect(gone).not.toContain('scratch');
    const raw = await api.store.list('/registry/');
    expect(raw.kvs.filter((kv) => kv.key.includes('/scratch/')).map((kv) => kv.key)).toEqual([]);
    // Other namespaces are untouched.
    expect(
      (await core.readNamespacedConfigMap({ name: 'survivor', namespace: 'default' })).metadata
        ?.name,
    ).toBe('survivor');
  });
});
