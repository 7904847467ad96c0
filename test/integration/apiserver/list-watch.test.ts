// LIST and WATCH semantics through @kubernetes/client-node: pagination at one snapshot, selectors,
// watch start points, selector transitions, 410 after compaction, informers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api, Watch, makeInformer, type V1ConfigMap } from '@kubernetes/client-node';
import { startTestApiServer, rawRequest, type TestApiServer } from '../../support/apiserver';

let api: TestApiServer;
let core: CoreV1Api;
/** A revision from before any watch started (older than the API server's watch cache window). */
let firstRV: string;

beforeAll(async () => {
  api = await startTestApiServer();
  core = api.kubeConfig().makeApiClient(CoreV1Api);
  firstRV = String(await api.store.currentRevision());
  await core.createNamespace({ body: { metadata: { name: 'lists' } } });
  for (let i = 0; i < 25; i++) {
    await core.createNamespacedConfigMap({
      namespace: 'lists',
      body: {
        metadata: {
          name: `cm-${String(i).padStart(2, '0')}`,
          labels: { parity: i % 2 ? 'odd' : 'even', n: String(i) },
        },
      },
    });
  }
});
afterAll(async () => api?.stop());

/** Collects watch events until `until` says stop (or the timeout). */
async function collect(
  path: string,
  query: Record<string, string | number | boolean>,
  act: () => Promise<void>,
  until: (events: { type: string; obj: any }[]) => boolean,
): Promise<{ type: string; obj: any }[]> {
  const events: { type: string; obj: any }[] = [];
  let ctl: AbortController | undefined;
  const finished = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`watch timed out with ${JSON.stringify(events.map((e) => e.type))}`)),
      10_000,
    );
    void new Watch(api.kubeConfig())
      .watch(
        path,
        query,
        (type, obj) => {
          events.push({ type, obj });
          if (until(events)) {
            clearTimeout(timer);
            resolve();
          }
        },
        () => {},
      )
      .then((c) => {
        ctl = c;
      });
  });
  // Give the watch a moment to be established before acting.
  await new Promise((r) => setTimeout(r, 150));
  await act();
  await finished;
  ctl?.abort();
  return events;
}

describe('LIST', () => {
  it('pages with limit/continue at one snapshot, with remainingItemCount', async () => {
    const first = await core.listNamespacedConfigMap({ namespace: 'lists', limit: 10 });
    expect(first.items).toHaveLength(10);
    expect(first.metadata?.remainingItemCount).toBe(15);
    // A write between pages must not show up in later pages.
    await core.createNamespacedConfigMap({
      namespace: 'lists',
      body: { metadata: { name: 'cm-99' } },
    });
    const names = first.items.map((c) => c.metadata!.name);
    let cont = first.metadata?._continue;
    while (cont) {
      const page = await core.listNamespacedConfigMap({
        namespace: 'lists',
        limit: 10,
        _continue: cont,
      });
      expect(page.metadata?.resourceVersion).toBe(first.metadata?.resourceVersion);
      names.push(...page.items.map((c) => c.metadata!.name));
      cont = page.metadata?._continue;
    }
    expect(names).toHaveLength(25);
    expect(names).not.toContain('cm-99');
    expect(new Set(names).size).toBe(25);
    await core.deleteNamespacedConfigMap({ name: 'cm-99', namespace: 'lists' });
  });

  it('filters by label selector (=, !=, in, notin, exists) and field selector', async () => {
    const count = async (labelSelector?: string, fieldSelector?: string) =>
      (
        await core.listNamespacedConfigMap({
          namespace: 'lists',
          ...(labelSelector ? { labelSelector } : {}),
          ...(fieldSelector ? { fieldSelector } : {}),
        })
      ).items.length;
    expect(await count('parity=odd')).toBe(12);
    expect(await count('parity!=odd')).toBe(13);
    expect(await count('n in (1,2,3)')).toBe(3);
    expect(await count('n notin (1,2,3),parity=odd')).toBe(10);
    expect(await count('parity')).toBe(25);
    expect(await count('!parity')).toBe(0);
    expect(await count(undefined, 'metadata.name=cm-03')).toBe(1);
    expect(await count(undefined, 'metadata.name!=cm-03')).toBe(24);
  });

  it('rejects an unsupported field selector with 400', async () => {
    const r = await rawRequest(
      api.httpUrl,
      'GET',
      '/api/v1/namespaces/lists/configmaps?fieldSelector=spec.foo%3Dbar',
    );
    expect(r.status).toBe(400);
    expect(r.json()).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
    expect(r.json().message).toContain('field label not supported: spec.foo');
  });

  it('lists across namespaces', async () => {
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'elsewhere' } },
    });
    const all = await core.listConfigMapForAllNamespaces();
    const namespaces = new Set(all.items.map((c) => c.metadata?.namespace));
    expect(namespaces.has('lists')).toBe(true);
    expect(namespaces.has('default')).toBe(true);
  });

  it('serves an exact list at an older resourceVersion', async () => {
    const before = await core.listNamespacedConfigMap({ namespace: 'lists' });
    await core.createNamespacedConfigMap({
      namespace: 'lists',
      body: { metadata: { name: 'later' } },
    });
    const r = await rawRequest(
      api.httpUrl,
      'GET',
      `/api/v1/namespaces/lists/configmaps?resourceVersion=${before.metadata!.resourceVersion}&resourceVersionMatch=Exact`,
    );
    expect(r.status).toBe(200);
    expect(r.json().items.map((c: V1ConfigMap) => c.metadata!.name)).not.toContain('later');
    await core.deleteNamespacedConfigMap({ name: 'later', namespace: 'lists' });
  });
});

describe('WATCH', () => {
  it('delivers ADDED, MODIFIED, DELETED in order from a resourceVersion', async () => {
    const start = await core.listNamespacedConfigMap({ namespace: 'default' });
    const events = await collect(
      '/api/v1/namespaces/default/configmaps',
      { resourceVersion: start.metadata!.resourceVersion! },
      async () => {
        const c = await core.createNamespacedConfigMap({
          namespace: 'default',
          body: { metadata: { name: 'w1' } },
        });
        await core.replaceNamespacedConfigMap({
          name: 'w1',
          namespace: 'default',
          body: { ...c, data: { a: '1' } },
        });
        await core.deleteNamespacedConfigMap({ name: 'w1', namespace: 'default' });
      },
      (ev) => ev.some((e) => e.type === 'DELETED'),
    );
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    const rvs = events.map((e) => Number(e.obj.metadata.resourceVersion));
    expect([...rvs].sort((a, b) => a - b)).toEqual(rvs);
    expect(events[1]!.obj.data).toEqual({ a: '1' });
  });

  it('starts with synthetic ADDED events when no resourceVersion is given', async () => {
    const events = await collect(
      '/api/v1/namespaces/lists/configmaps',
      { labelSelector: 'parity=odd' },
      async () => {},
      (ev) => ev.length >= 12,
    );
    expect(events).toHaveLength(12);
    expect(events.every((e) => e.type === 'ADDED' && e.obj.metadata.labels.parity === 'odd')).toBe(
      true,
    );
  });

  it('turns selector transitions into ADDED and DELETED', async () => {
    const c = await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'mover', labels: { tier: 'a' } } },
    });
    const events = await collect(
      '/api/v1/namespaces/default/configmaps',
      { resourceVersion: c.metadata!.resourceVersion!, labelSelector: 'tier=b' },
      async () => {
        const b = await core.replaceNamespacedConfigMap({
          name: 'mover',
          namespace: 'default',
          body: { ...c, metadata: { ...c.metadata, labels: { tier: 'b' } } },
        });
        await core.replaceNamespacedConfigMap({
          name: 'mover',
          namespace: 'default',
          body: { ...b, metadata: { ...b.metadata, labels: { tier: 'c' } } },
        });
      },
      (ev) => ev.length >= 2,
    );
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'DELETED']);
    expect(events[1]!.obj.metadata.labels.tier).toBe('b');
  });

  it('answers a watch from a compacted resourceVersion with a 410 Expired ERROR event', async () => {
    // The API server's watch cache serves any revision inside its window (as upstream's does);
    // one from before the window goes to the store, whose history is compacted here.
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'after-old' } },
    });
    await api.store.compact(await api.store.currentRevision());
    const r = await rawRequest(
      api.httpUrl,
      'GET',
      `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${firstRV}`,
    );
    expect(r.status).toBe(200);
    const ev = JSON.parse(r.text.trim().split('\n')[0]!);
    expect(ev.type).toBe('ERROR');
    expect(ev.object).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
    expect(ev.object.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
  });

  it('ends the stream at timeoutSeconds', async () => {
    const t0 = Date.now();
    const r = await rawRequest(
      api.httpUrl,
      'GET',
      '/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=1&resourceVersion=0',
    );
    expect(r.status).toBe(200);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('feeds a client-node informer: add, update, delete', async () => {
    const kc = api.kubeConfig();
    const informer = makeInformer(kc, '/api/v1/namespaces/default/configmaps', () =>
      core.listNamespacedConfigMap({ namespace: 'default' }),
    );
    const seen: string[] = [];
    informer.on('add', (o) => seen.push(`add:${o.metadata!.name}`));
    informer.on('update', (o) => seen.push(`update:${o.metadata!.name}`));
    informer.on('delete', (o) => seen.push(`delete:${o.metadata!.name}`));
    await informer.start();
    const c = await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'inf' } },
    });
    await core.replaceNamespacedConfigMap({
      name: 'inf',
      namespace: 'default',
      body: { ...c, data: { x: 'y' } },
    });
    await core.deleteNamespacedConfigMap({ name: 'inf', namespace: 'default' });
    const deadline = Date.now() + 10_000;
    while (!seen.includes('delete:inf') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    await informer.stop();
    expect(seen.filter((s) => s.endsWith(':inf'))).toEqual(['add:inf', 'update:inf', 'delete:inf']);
  });
});
