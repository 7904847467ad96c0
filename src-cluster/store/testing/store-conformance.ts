/**
 * The one conformance suite every Store backend passes (memory, sqlite, etcd). A backend's test file
 * calls describeStoreConformance with a factory; the suite never branches on the backend except
 * through the factory's optional capabilities (reopen, advanceTime).
 */
import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from '../store';
import { uniquePrefix, type ConformanceContext, type StoreFactory } from './conformance-support';
import { historyTests } from './conformance-history';
import { readTests } from './conformance-reads';
import { watchTests } from './conformance-watch';
import { writeTests } from './conformance-writes';

export type { StoreFactory } from './conformance-support';

/** Registers the conformance tests for one backend under describe(`Store conformance: ${name}`). */
export function describeStoreConformance(name: string, factory: StoreFactory): void {
  describe(`Store conformance: ${name}`, () => {
    let store: Store | null = null;
    let label = 'test';

    const context: ConformanceContext = {
      get store(): Store {
        if (!store) throw new Error('store not open');
        return store;
      },
      factory,
      async reopen(): Promise<Store> {
        if (!factory.reopen) throw new Error(`${name} cannot reopen`);
        await store?.close();
        store = await factory.reopen();
        return store;
      },
      prefix: () => uniquePrefix(label),
    };

    beforeEach(async (t) => {
      label = t.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40);
      store = await factory.open();
    });

    afterEach(async () => {
      await store?.close();
      store = null;
      await factory.cleanup();
    });

    const ctx = () => context;
    readTests(ctx);
    writeTests(ctx);
    watchTests(ctx);
    historyTests(ctx, { persistent: !!factory.reopen });
  });
}
