import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../src-cluster/store/memory/memory-store';
import { WatchCache } from '../../../src-cluster/apiserver/registry/watch-cache';
import type { WatchEvent, WatchListener } from '../../../src-cluster/store/store';

function recorder() {
  const events: WatchEvent[] = [];
  const errors: Error[] = [];
  const listener: WatchListener = {
    onEvent: (e) => events.push(e),
    onError: (e) => errors.push(e),
  };
  return { events, errors, listener, revs: () => events.map((e) => e.kv.modRevision) };
}

async function settle() {
  await new Promise((r) => setTimeout(r, 10));
}

describe('WatchCache', () => {
  it('feeds many watchers from one store watch, each from its own revision, filtered by prefix', async () => {
    const store = new MemoryStore();
    let storeWatches = 0;
    const counting = new Proxy(store, {
      get(target, p, recv) {
        if (p === 'watch') {
          return (...args: Parameters<MemoryStore['watch']>) => {
            storeWatches++;
            return target.watch(...args);
          };
        }
        const v = Reflect.get(target, p, recv);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const cache = new WatchCache(counting, '/registry/pods/');
    const start = await store.currentRevision();
    const a = recorder();
    await cache.watch('/registry/pods/', start + 1, a.listener);
    const r1 = await store.create('/registry/pods/ns1/a', '1');
    const r2 = await store.create('/registry/pods/ns2/b', '2');
    await store.create('/registry/configmaps/ns1/x', 'x');
    const r3 = await store.create('/registry/pods/ns1/c', '3');
    await settle();
    // Joined later, from r2: replayed from the ring, then live; only ns1.
    const b = recorder();
    await cache.watch('/registry/pods/ns1/', r2.modRevision, b.listener);
    const r4 = await store.create('/registry/pods/ns1/d', '4');
    await settle();
    expect(a.revs()).toEqual([r1.modRevision, r2.modRevision, r3.modRevision, r4.modRevision]);
    expect(b.revs()).toEqual([r3.modRevision, r4.modRevision]);
    expect(storeWatches).toBe(1);
  });

  it('sends a watch from before its window to the store, which replays history itself', async () => {
    const store = new MemoryStore();
    const early = await store.create('/registry/pods/ns/early', 'e');
    const cache = new WatchCache(store, '/registry/pods/');
    await cache.watch('/registry/pods/', (await store.currentRevision()) + 1, recorder().listener);
    const late = await store.create('/registry/pods/ns/late', 'l');
    const r = recorder();
    await cache.watch('/registry/pods/', early.modRevision, r.listener);
    await settle();
    expect(r.revs()).toEqual([early.modRevision, late.modRevision]);
  });

  it('ends every subscriber when the shared store watch fails, and starts afresh after', async () => {
    const store = new MemoryStore();
    let fail: ((e: Error) => void) | undefined;
    const flaky = new Proxy(store, {
      get(target, p, recv) {
        if (p === 'watch') {
          return async (prefix: string, from: number, l: WatchListener) => {
            fail = (e) => l.onError(e);
            return target.watch(prefix, from, l);
          };
        }
        const v = Reflect.get(target, p, recv);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const cache = new WatchCache(flaky, '/registry/pods/');
    const a = recorder();
    await cache.watch('/registry/pods/', (await store.currentRevision()) + 1, a.listener);
    fail!(new Error('etcd went away'));
    expect(a.errors.map((e) => e.message)).toEqual(['etcd went away']);
    const b = recorder();
    await cache.watch('/registry/pods/', (await store.currentRevision()) + 1, b.listener);
    const r = await store.create('/registry/pods/ns/x', 'x');
    await settle();
    expect(b.revs()).toEqual([r.modRevision]);
    expect(a.events).toEqual([]);
  });
});
