/**
 * Conformance: what survives time. Compaction (old reads and watches fail with CompactedError,
 * current values survive), restart persistence, and lease expiry as ordinary delete events.
 */
import { expect, it } from 'vitest';
import { CompactedError, FutureRevisionError, LeaseNotFoundError } from '../store';
import { Recorder, settle, type ConformanceContext } from './conformance-support';

/**
 * `persistent`: the backend can be closed and reopened on the same data. Memory cannot, so the
 * restart test is not registered for it at all (rather than registered and skipped).
 */
export function historyTests(
  ctx: () => ConformanceContext,
  { persistent }: { persistent: boolean },
): void {
  it('compaction removes old history but keeps current values', async () => {
    const { store: s, prefix } = ctx();
    const p = prefix();
    const k = `${p}k`;
    const r1 = await s.create(k, 'a1');
    const r2 = await s.update(k, 'a2', r1.modRevision);
    const gone = await s.create(`${p}gone`, 'x');
    const del = await s.delete(`${p}gone`);
    if (!r2.succeeded || !del.succeeded) throw new Error('setup writes failed');
    const r5 = await s.update(k, 'a3', r2.kv.modRevision);
    if (!r5.succeeded) throw new Error('setup writes failed');
    const target = del.revision;

    await s.compact(target);
    expect(await s.compactedRevision()).toBe(target);

    await expect(s.get(k, { revision: r1.modRevision })).rejects.toBeInstanceOf(CompactedError);
    await expect(s.list(p, { revision: gone.modRevision })).rejects.toBeInstanceOf(CompactedError);
    // The snapshot at the compaction revision itself is intact.
    expect((await s.get(k, { revision: target })).kv?.value).toBe('a2');
    expect((await s.list(p, { revision: target })).kvs.map((kv) => kv.key)).toEqual([k]);
    // Current values survive.
    expect((await s.get(k)).kv).toEqual(r5.kv);
    expect((await s.list(p)).kvs).toEqual([r5.kv]);

    for (const from of [r1.modRevision, target]) {
      const rec = new Recorder();
      await s.watch(p, from, rec);
      await rec.waitFor(() => rec.errors.length > 0, `CompactedError for a watch from ${from}`);
      await settle();
      expect(rec.events).toEqual([]);
      expect(rec.errors).toHaveLength(1);
      expect(rec.errors[0]).toBeInstanceOf(CompactedError);
    }
    const ok = new Recorder();
    const w = await s.watch(p, target + 1, ok);
    await ok.waitFor(() => ok.events.length >= 1, 'the event after the compaction revision');
    w.close();
    expect(ok.revisions()).toEqual([r5.kv.modRevision]);

    await expect(s.compact(target)).rejects.toBeInstanceOf(CompactedError);
    const future = (await s.currentRevision()) + 10;
    await expect(s.compact(future)).rejects.toBeInstanceOf(FutureRevisionError);
  });

  if (persistent)
    it('keeps every acknowledged write across close and reopen', async () => {
      const c = ctx();
      const p = c.prefix();
      let s = c.store;
      const a = await s.create(`${p}a`, 'a1');
      const a2 = await s.update(`${p}a`, 'a2', a.modRevision);
      const b = await s.create(`${p}b`, 'b1');
      await s.delete(`${p}b`, b.modRevision);
      const many: string[] = [];
      await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          await s.create(`${p}many/${String(i).padStart(2, '0')}`, `${i}`);
          many.push(`${p}many/${String(i).padStart(2, '0')}`);
        }),
      );
      if (!a2.succeeded) throw new Error('setup writes failed');
      const revBefore = await s.currentRevision();

      s = await c.reopen();
      expect(await s.currentRevision()).toBe(revBefore);
      expect((await s.get(`${p}a`)).kv).toEqual(a2.kv);
      expect((await s.get(`${p}b`)).kv).toBeNull();
      expect((await s.get(`${p}a`, { revision: a.modRevision })).kv?.value).toBe('a1');
      expect((await s.list(`${p}many/`)).kvs.map((kv) => kv.key)).toEqual(many.sort());

      const rec = new Recorder();
      const w = await s.watch(p, a.modRevision, rec);
      await rec.waitFor(() => rec.revisions().includes(revBefore), 'history replay after reopen');
      w.close();
      expect(rec.events.slice(0, 4).map((e) => [e.type, e.kv.key])).toEqual([
        ['put', `${p}a`],
        ['put', `${p}a`],
        ['put', `${p}b`],
        ['delete', `${p}b`],
      ]);
      const after = await s.create(`${p}after`, 'x');
      expect(after.modRevision).toBeGreaterThan(revBefore);
      // Reopening a real 3-member etcd restarts every member and waits for a new leader.
    }, 120_000);

  it('deletes a leased key when its lease expires, as a delete event', async () => {
    const { store: s, prefix, factory } = ctx();
    const p = prefix();
    await expect(s.create(`${p}bad`, 'x', { lease: 987654321 })).rejects.toBeInstanceOf(
      LeaseNotFoundError,
    );
    const lease = await s.grantLease(2);
    const leased = await s.create(`${p}leased`, 'x', { lease });
    expect(leased.lease).toBe(lease);
    const plain = await s.create(`${p}plain`, 'y');
    const rec = new Recorder();
    const w = await s.watch(p, plain.modRevision + 1, rec);

    if (factory.advanceTime) {
      factory.advanceTime(1500);
      await settle();
      expect((await s.get(`${p}leased`)).kv?.value).toBe('x'); // not before its TTL
      factory.advanceTime(600);
    }
    // etcd runs on real time: wait (this is the one real wait of the suite).
    await rec.waitFor(() => rec.events.length >= 1, 'the lease expiry delete event', 20_000);
    w.close();
    expect(rec.events).toHaveLength(1);
    expect(rec.events[0]).toMatchObject({ type: 'delete', kv: { key: `${p}leased`, value: '' } });
    expect(rec.events[0]!.prevKv?.value).toBe('x');
    expect((await s.get(`${p}leased`)).kv).toBeNull();
    expect((await s.get(`${p}plain`)).kv?.value).toBe('y');
    await expect(s.create(`${p}late`, 'x', { lease })).rejects.toBeInstanceOf(LeaseNotFoundError);
  });
}
