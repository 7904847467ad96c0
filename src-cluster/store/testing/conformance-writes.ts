/**
 * Conformance: writes. Create conflicts, compare-and-swap, delete-if-revision and no lost update
 * under many concurrent read-CAS-retry writers.
 */
import { expect, it } from 'vitest';
import { KeyExistsError } from '../store';
import type { ConformanceContext } from './conformance-support';

export function writeTests(ctx: () => ConformanceContext): void {
  it('create of an existing key throws KeyExistsError; after delete the key can be created anew', async () => {
    const { store: s, prefix } = ctx();
    const key = `${prefix()}k`;
    const first = await s.create(key, 'one');
    await expect(s.create(key, 'two')).rejects.toBeInstanceOf(KeyExistsError);
    expect((await s.get(key)).kv?.value).toBe('one');
    expect(await s.currentRevision()).toBe(first.modRevision);

    await s.delete(key);
    const again = await s.create(key, 'three');
    expect(again.version).toBe(1);
    expect(again.createRevision).toBe(again.modRevision);
    expect(again.createRevision).toBeGreaterThan(first.createRevision);
  });

  it('update writes only when the expected modRevision matches', async () => {
    const { store: s, prefix } = ctx();
    const key = `${prefix()}k`;
    const kv = await s.create(key, 'v1');

    const stale = await s.update(key, 'lost', kv.modRevision - 1);
    expect(stale).toEqual({ succeeded: false, current: kv });
    expect(await s.currentRevision()).toBe(kv.modRevision);

    const ok = await s.update(key, 'v2', kv.modRevision);
    expect(ok.succeeded).toBe(true);
    // The same expected revision cannot win twice.
    const again = await s.update(key, 'v3', kv.modRevision);
    expect(again.succeeded).toBe(false);
    if (!again.succeeded) expect(again.current?.value).toBe('v2');

    const missing = await s.update(`${key}-missing`, 'x', 0);
    expect(missing).toEqual({ succeeded: false, current: null });
    expect((await s.get(`${key}-missing`)).kv).toBeNull();
  });

  it('delete honours the expected revision and returns the deleted value', async () => {
    const { store: s, prefix } = ctx();
    const key = `${prefix()}k`;
    const kv = await s.create(key, 'v1');

    const wrong = await s.delete(key, kv.modRevision + 1000);
    expect(wrong).toEqual({ succeeded: false, current: kv });
    expect((await s.get(key)).kv).toEqual(kv);

    const ok = await s.delete(key, kv.modRevision);
    expect(ok).toEqual({ succeeded: true, prev: kv, revision: kv.modRevision + 1 });
    expect((await s.get(key)).kv).toBeNull();
    expect(await s.currentRevision()).toBe(ok.succeeded ? ok.revision : -1);

    expect(await s.delete(key)).toEqual({ succeeded: false, current: null });
    expect(await s.delete(key, kv.modRevision)).toEqual({ succeeded: false, current: null });

    const un = await s.create(key, 'v2');
    const any = await s.delete(key);
    expect(any.succeeded && any.prev.value).toBe('v2');
    expect(any.succeeded && any.prev.modRevision).toBe(un.modRevision);
  });

  it('loses no update under 50 concurrent read-CAS-retry writers', async () => {
    const { store: s, prefix } = ctx();
    const key = `${prefix()}counter`;
    const initial = await s.create(key, '0');
    let successes = 0;
    const writers = Array.from({ length: 50 }, async () => {
      let cur = (await s.get(key)).kv!;
      for (;;) {
        const r = await s.update(key, String(Number(cur.value) + 1), cur.modRevision);
        if (r.succeeded) {
          successes++;
          return;
        }
        cur = r.current!;
      }
    });
    await Promise.all(writers);
    const final = (await s.get(key)).kv!;
    expect(final.value).toBe('50');
    expect(successes).toBe(50);
    expect(final.version).toBe(51);
    expect(final.modRevision).toBe(initial.modRevision + 50);
  });
}
