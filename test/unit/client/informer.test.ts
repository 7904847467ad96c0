import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { findResource } from '../../../src-cluster/api/resources';
import { ApiClient } from '../../../src-cluster/client/client';
import { HttpTransport } from '../../../src-cluster/client/http-transport';
import {
  SharedInformer,
  type EventHandler,
} from '../../../src-cluster/client/informer/shared-informer';
import { FakeClock } from '../../../src-shared/util/clock';
import { FakeApiServer } from './fake-apiserver';
import { waitFor } from './wait';

const pods = findResource('', 'v1', 'pods')!;
const COLL = '/pods';

function pod(name: string, ns = 'default', extra: Partial<Pod> = {}) {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns }, ...extra } as Pod & {
    metadata: { name: string };
  };
}

/** Records handler calls as readable strings. */
function recorder() {
  const log: string[] = [];
  const handler: EventHandler<Pod> = {
    onAdd: (o) => log.push(`add ${o.metadata?.name}`),
    onUpdate: (a, b) =>
      log.push(
        `update ${b.metadata?.name} ${a.metadata?.resourceVersion}->${b.metadata?.resourceVersion}`,
      ),
    onDelete: (o, info) =>
      log.push(`delete ${o.metadata?.name}${info.finalStateUnknown ? ' (relist)' : ''}`),
  };
  return { log, handler };
}

describe('SharedInformer + Reflector against a fake API server', () => {
  let server: FakeApiServer;
  let transport: HttpTransport;
  let client: ApiClient;
  let clock: FakeClock;
  let abort: AbortController;
  let errors: unknown[];

  beforeEach(async () => {
    server = new FakeApiServer();
    transport = new HttpTransport({ server: await server.start() });
    client = new ApiClient({ transport, component: 'informer-test' });
    clock = new FakeClock();
    abort = new AbortController();
    errors = [];
  });
  afterEach(async () => {
    abort.abort();
    transport.close();
    await server.stop();
  });

  function informer(pageSize = 500) {
    const inf = new SharedInformer<Pod>(client.resource<Pod>(pods), {
      clock,
      pageSize,
      random: () => 0,
      onError: (e) => errors.push(e),
    });
    return inf;
  }

  it('lists in pages, calls onAdd for each object, then reports synced', async () => {
    for (const n of ['a', 'b', 'c', 'd', 'e']) server.serverPut(COLL, pod(n));
    const inf = informer(2);
    const { log, handler } = recorder();
    inf.addEventHandler(handler);
    expect(inf.hasSynced()).toBe(false);
    void inf.run(abort.signal);
    expect(await inf.waitForSync()).toBe(true);
    expect(log.sort()).toEqual(['add a', 'add b', 'add c', 'add d', 'add e']);
    const lists = server.requests.filter((r) => r.method === 'GET' && !r.url.includes('watch='));
    expect(lists).toHaveLength(3);
    expect(lists[0]!.url).toContain('limit=2');
    expect(lists[1]!.url).toContain('continue=');
    expect(inf.lastSyncResourceVersion).toBe(String(server.resourceVersion));
    await waitFor(() => server.openWatches === 1, 'watch');
    const watch = server.requests.find((r) => r.url.includes('watch=true'))!;
    expect(watch.url).toContain(`resourceVersion=${server.resourceVersion}`);
    expect(watch.url).toContain('allowWatchBookmarks=true');
  });

  it('delivers watch events to handlers with old and new objects', async () => {
    server.serverPut(COLL, pod('a'));
    const inf = informer();
    const { log, handler } = recorder();
    inf.addEventHandler(handler);
    void inf.run(abort.signal);
    await inf.waitForSync();
    await waitFor(() => server.openWatches === 1, 'watch');
    const rvA = server.objects(COLL)[0]!.metadata.resourceVersion;
    server.serverPut(COLL, pod('b'));
    const a2 = server.serverPut(
      COLL,
      pod('a', 'default', { spec: { containers: [], nodeName: 'n1' } }),
    );
    server.serverDelete(COLL, 'default', 'b');
    await waitFor(() => log.length === 4, 'events');
    expect(log).toEqual([
      'add a',
      'add b',
      `update a ${rvA}->${a2.metadata.resourceVersion}`,
      'delete b',
    ]);
    expect(inf.lister().get('default', 'a')?.spec?.nodeName).toBe('n1');
    expect(inf.lister().get('default', 'b')).toBeUndefined();
  });

  it('re-watches from the last seen resourceVersion when the server ends the watch, losing nothing', async () => {
    const inf = informer();
    const { log, handler } = recorder();
    inf.addEventHandler(handler);
    void inf.run(abort.signal);
    await inf.waitForSync();
    await waitFor(() => server.openWatches === 1, 'watch');
    server.serverPut(COLL, pod('a'));
    await waitFor(() => log.length === 1, 'first event');
    const lastRv = server.resourceVersion;
    clock.advance(60_000); // the watch has been open a while: its end is normal, not a failure
    server.closeWatches();
    // Changes while no watch is open must arrive through the next watch.
    server.serverPut(COLL, pod('b'));
    server.serverPut(COLL, pod('c'));
    await waitFor(() => log.length === 3, 'events after re-watch');
    expect(log).toEqual(['add a', 'add b', 'add c']);
    const watches = server.requests.filter((r) => r.url.includes('watch=true'));
    expect(watches).toHaveLength(2);
    expect(watches[1]!.url).toContain(`resourceVersion=${lastRv}`);
    // No re-list happened: the cache continued from the watch.
    expect(server.requests.filter((r) => !r.url.includes('watch=')).length).toBe(1);
  });

  it('on 410 Expired re-lists and emits the difference as add/update/delete', async () => {
    server.serverPut(COLL, pod('keep'));
    server.serverPut(COLL, pod('change'));
    server.serverPut(COLL, pod('gone'));
    const inf = informer();
    const { log, handler } = recorder();
    inf.addEventHandler(handler);
    void inf.run(abort.signal);
    await inf.waitForSync();
    await waitFor(() => server.openWatches === 1, 'watch');
    log.length = 0;
    const oldRv = server.objects(COLL).find((o) => o.metadata.name === 'change')!.metadata
      .resourceVersion;

    // While the informer is disconnected, the world moves on and history is compacted.
    clock.advance(60_000);
    server.closeWatches();
    const lists = () => server.requests.filter((r) => !r.url.includes('watch=')).length;
    // These run synchronously, before the reflector's re-watch request can reach the server, so
    // that watch asks for a compacted version and gets an ERROR 410 event.
    server.serverDelete(COLL, 'default', 'gone');
    const changed = server.serverPut(
      COLL,
      pod('change', 'default', { spec: { containers: [], nodeName: 'x' } }),
    );
    server.serverPut(COLL, pod('new'));
    server.compact();

    await waitFor(() => lists() === 2 && log.length === 3, 'relist diff');
    expect(log.sort()).toEqual([
      'add new',
      'delete gone (relist)',
      `update change ${oldRv}->${changed.metadata.resourceVersion}`,
    ]);
    expect(errors.some((e) => (e as { code?: number }).code === 410)).toBe(true);
    expect(
      inf
        .lister()
        .list()
        .map((p) => p.metadata?.name)
        .sort(),
    ).toEqual(['change', 'keep', 'new']);
  });

  it('re-lists when the watch request itself is answered 410', async () => {
    server.serverPut(COLL, pod('a'));
    const inf = informer();
    const { log, handler } = recorder();
    inf.addEventHandler(handler);
    let refused = 0;
    server.inject((r) =>
      r.url.includes('watch=true') && refused++ === 0
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
    void inf.run(abort.signal);
    await inf.waitForSync();
    await waitFor(() => server.openWatches === 1, 'second watch');
    expect(server.requests.filter((r) => !r.url.includes('watch=')).length).toBe(2);
    expect(log).toEqual(['add a']); // the re-list found nothing new
  });

  it('bookmarks advance the resourceVersion used for the next watch', async () => {
    server.serverPut('/configmaps', { metadata: { name: 'unrelated', namespace: 'default' } });
    const inf = informer();
    void inf.run(abort.signal);
    await inf.waitForSync();
    await waitFor(() => server.openWatches === 1, 'watch');
    // Other resources move the server's version on; pods see only a bookmark.
    server.serverPut('/configmaps', { metadata: { name: 'other', namespace: 'default' } });
    server.bookmark();
    await waitFor(() => inf.lastSyncResourceVersion === String(server.resourceVersion), 'bookmark');
    clock.advance(60_000);
    server.closeWatches();
    await waitFor(() => server.openWatches === 1, 're-watch');
    const watches = server.requests.filter((r) => r.url.includes('watch=true'));
    expect(watches.at(-1)!.url).toContain(`resourceVersion=${server.resourceVersion}`);
  });

  it('backs off on the injected clock after server errors instead of spinning', async () => {
    let failures = 2;
    server.inject((r) =>
      !r.url.includes('watch=') && failures-- > 0
        ? {
            status: 500,
            body: JSON.stringify({
              kind: 'Status',
              code: 500,
              reason: 'InternalError',
              message: 'boom',
            }),
          }
        : undefined,
    );
    server.serverPut(COLL, pod('a'));
    const inf = informer();
    void inf.run(abort.signal);
    await waitFor(() => errors.length === 1, 'first failure');
    await new Promise((r) => setTimeout(r, 30));
    expect(server.requests).toHaveLength(1); // waiting on the fake clock, not retrying
    clock.advance(800);
    await waitFor(() => errors.length === 2, 'second failure');
    clock.advance(800);
    await new Promise((r) => setTimeout(r, 30));
    expect(inf.hasSynced()).toBe(false); // second backoff is 1600 ms
    clock.advance(800);
    expect(await inf.waitForSync()).toBe(true);
  });

  it('treats a watch that ends at once with no events as a failure and backs off', async () => {
    server.inject((r) => (r.url.includes('watch=true') ? { status: 200, body: '' } : undefined));
    const inf = informer();
    void inf.run(abort.signal);
    await inf.waitForSync();
    await waitFor(() => errors.length === 1, 'short watch reported');
    await new Promise((r) => setTimeout(r, 30));
    expect(server.count('GET', 'watch=true')).toBe(1);
    clock.advance(800);
    await waitFor(() => server.count('GET', 'watch=true') === 2, 'retry after backoff');
  });

  it('freezes cached objects and replays the cache to late handlers', async () => {
    server.serverPut(COLL, pod('a'));
    const inf = informer();
    void inf.run(abort.signal);
    await inf.waitForSync();
    const cached = inf.lister().get('default', 'a')!;
    expect(() => {
      (cached.metadata as { name: string }).name = 'mutated';
    }).toThrow(TypeError);
    const { log, handler } = recorder();
    inf.addEventHandler(handler);
    expect(log).toEqual(['add a']);
  });

  it('stops when its signal aborts', async () => {
    const inf = informer();
    const done = inf.run(abort.signal);
    await inf.waitForSync();
    await waitFor(() => server.openWatches === 1, 'watch');
    abort.abort();
    await done;
    await waitFor(() => server.openWatches === 0, 'watch closed');
  });
});
