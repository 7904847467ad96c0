import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src-shared/util/clock';
import { SqliteStore } from '../../../src-cluster/store/sqlite/sqlite-store';
import { describeStoreConformance } from '../../../src-cluster/store/testing/store-conformance';

let clock = new FakeClock();
let dir = '';

describeStoreConformance('sqlite', {
  async open() {
    clock = new FakeClock();
    dir = mkdtempSync(join(tmpdir(), 'kubelab-sqlite-'));
    return SqliteStore.open(join(dir, 'state.db'), { clock });
  },
  async reopen() {
    return SqliteStore.open(join(dir, 'state.db'), { clock });
  },
  async cleanup() {
    rmSync(dir, { recursive: true, force: true });
  },
  advanceTime: (ms) => clock.advance(ms),
});

describe('SqliteStore specifics', () => {
  it('expires, on reopen, a lease whose TTL ran out while the store was closed', async () => {
    const d = mkdtempSync(join(tmpdir(), 'kubelab-sqlite-'));
    try {
      const c = new FakeClock();
      let s = await SqliteStore.open(join(d, 'db'), { clock: c });
      const lease = await s.grantLease(10);
      await s.create('/k', 'v', { lease });
      await s.close();
      c.advance(60_000); // no timers are armed while closed
      s = await SqliteStore.open(join(d, 'db'), { clock: c });
      expect((await s.get('/k')).kv?.value).toBe('v');
      c.advance(0); // the overdue timer fires at once
      expect((await s.get('/k')).kv).toBeNull();
      await s.close();
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('compacts in batches across more than one batch of revisions and keeps the revision counter', async () => {
    const s = await SqliteStore.open(':memory:', { clock: new FakeClock() });
    let kv = await s.create('/hot', '0');
    for (let i = 1; i <= 2500; i++) {
      const r = await s.update('/hot', String(i), kv.modRevision);
      if (!r.succeeded) throw new Error('update failed');
      kv = r.kv;
    }
    const d = await s.create('/gone', 'x');
    const del = await s.delete('/gone', d.modRevision);
    if (!del.succeeded) throw new Error('delete failed');
    await s.compact(del.revision);
    expect(await s.compactedRevision()).toBe(del.revision);
    // The tombstone, the newest row overall, is gone, yet the revision counter does not go back.
    expect(await s.currentRevision()).toBe(del.revision);
    expect((await s.create('/next', 'y')).modRevision).toBe(del.revision + 1);
    expect((await s.get('/hot')).kv).toEqual(kv);
    const rows = (s as unknown as { db: { prepare(q: string): { get(): { n: number } } } }).db
      .prepare('SELECT COUNT(*) AS n FROM kine')
      .get().n;
    expect(rows).toBe(2); // /hot's current row and /next
    await s.close();
  });
});
