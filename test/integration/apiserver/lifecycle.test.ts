// Deletion semantics: graceful pod deletion, finalizers holding deletion, namespace lifecycle.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver';

let api: TestApiServer;
let core: CoreV1Api;

const pod = (name: string, nodeName?: string): V1Pod => ({
  metadata: { name },
  spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'nginx:1.25' }] },
});

async function errorOf(p: Promise<unknown>): Promise<{ code: number; body: any }> {
  try {
    await p;
  } catch (err) {
    const e = err as { code: number; body: string };
    return { code: e.code, body: typeof e.body === 'string' ? JSON.parse(e.body) : e.body };
  }
  throw new Error('expected the request to fail');
}

beforeAll(async () => {
  api = await startTestApiServer();
  core = api.kubeConfig().makeApiClient(CoreV1Api);
});
afterAll(async () => api?.stop());

describe('graceful deletion and finalizers', () => {
  it('deletes an unscheduled pod at once', async () => {
    await core.createNamespacedPod({ namespace: 'default', body: pod('unscheduled') });
    await core.deleteNamespacedPod({ name: 'unscheduled', namespace: 'default' });
    expect(
      (await errorOf(core.readNamespacedPod({ name: 'unscheduled', namespace: 'default' }))).code,
    ).toBe(404);
  });

  it('keeps a scheduled pod with deletionTimestamp for its grace period until a grace-0 delete', async () => {
    await core.createNamespacedPod({ namespace: 'default', body: pod('running', 'worker-1') });
    const marked = await core.deleteNamespacedPod({ name: 'running', namespace: 'default' });
    expect(marked.metadata?.deletionGracePeriodSeconds).toBe(30);
    const still = await core.readNamespacedPod({ name: 'running', namespace: 'default' });
    expect(still.metadata?.deletionTimestamp).toBeInstanceOf(Date);
    const delta = still.metadata!.deletionTimestamp!.getTime() - Date.now();
    expect(delta).toBeGreaterThan(20_000);
    // A repeat delete may shorten the grace period, never lengthen it.
    await core.deleteNamespacedPod({
      name: 'running',
      namespace: 'default',
      gracePeriodSeconds: 60,
    });
    expect(
      (await core.readNamespacedPod({ name: 'running', namespace: 'default' })).metadata
        ?.deletionGracePeriodSeconds,
    ).toBe(30);
    // What the kubelet does once containers are gone: a final delete with grace 0.
    await core.deleteNamespacedPod({
      name: 'running',
      namespace: 'default',
      gracePeriodSeconds: 0,
    });
    expect(
      (await errorOf(core.readNamespacedPod({ name: 'running', namespace: 'default' }))).code,
    ).toBe(404);
  });

  it('holds an object with finalizers until the last one is removed', async () => {
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'held', finalizers: ['example.com/hold'] } },
    });
    await core.deleteNamespacedConfigMap({ name: 'held', namespace: 'default' });
    const held = await core.readNamespacedConfigMap({ name: 'held', namespace: 'default' });
    expect(held.metadata?.deletionTimestamp).toBeInstanceOf(Date);
    // No new finalizers once deletion started.
    const more = await errorOf(
      core.replaceNamespacedConfigMap({
        name: 'held',
        namespace: 'default',
        body: {
          ...held,
          metadata: { ...held.metadata, finalizers: ['example.com/hold', 'x.io/y'] },
        },
      }),
    );
    expect(more.code).toBe(422);
    await core.replaceNamespacedConfigMap({
      name: 'held',
      namespace: 'default',
      body: { ...held, metadata: { ...held.metadata, finalizers: [] } },
    });
    expect(
      (await errorOf(core.readNamespacedConfigMap({ name: 'held', namespace: 'default' }))).code,
    ).toBe(404);
  });
});

describe('namespace lifecycle', () => {
  it('refuses objects in a namespace that does not exist', async () => {
    const err = await errorOf(
      core.createNamespacedConfigMap({ namespace: 'nowhere', body: { metadata: { name: 'x' } } }),
    );
    expect(err.code).toBe(404);
    expect(err.body.message).toBe('namespaces "nowhere" not found');
  });

  it('marks a deleted namespace Terminating and refuses new content in it', async () => {
    await core.createNamespace({ body: { metadata: { name: 'doomed' } } });
    await core.createNamespacedConfigMap({
      namespace: 'doomed',
      body: { metadata: { name: 'a' } },
    });
    await core.deleteNamespace({ name: 'doomed' });
    const ns = await core.readNamespace({ name: 'doomed' });
    expect(ns.status?.phase).toBe('Terminating');
    expect(ns.spec?.finalizers).toEqual(['kubernetes']);
    const err = await errorOf(
      core.createNamespacedConfigMap({ namespace: 'doomed', body: { metadata: { name: 'b' } } }),
    );
    expect(err.code).toBe(403);
    expect(err.body.reason).toBe('Forbidden');
    expect(err.body.message).toBe(
      'configmaps "b" is forbidden: unable to create new content in namespace doomed because it is being terminated',
    );
  });

  it('refuses to delete a system namespace', async () => {
    const err = await errorOf(core.deleteNamespace({ name: 'kube-system' }));
    expect(err.code).toBe(403);
    expect((await core.readNamespace({ name: 'kube-system' })).status?.phase).toBe('Active');
  });
});
