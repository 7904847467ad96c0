/**
 * Conformance: reads. Prefix isolation, field semantics, paginated lists at one snapshot, reads at
 * old revisions and the future-revision error.
 */
import { expect, it } from 'vitest';
import { FutureRevisionError } from '../store';
import type { ConformanceContext } from './conformance-support';

export function readTests(ctx: () => ConformanceContext): void {
  it('get and list respect prefix boundaries and report the read revision', async () => {
    const { store: s, prefix } = ctx();
    const p = prefix();
    await s.create(`${p}a/x`, '1');
    await s.create(`${p}a/y`, '2');
    await s.create(`${p}ab`, '3');
    await s.create(`${p}a`, '4');
    const rev = await s.currentRevision();

    const list = await s.list(`${p}a/`);
    expect(list.kvs.map((kv) => kv.key)).toEqual([`${p}a/x`, `${p}a/y`]);
    expect(list.kvs.map((kv) => kv.value)).toEqual(['1', '2']);
    expect(list.revision).toBe(rev);
    expect(list.more).toBe(false);
    expect(list.remaining).toBe(0);

    const all = await s.list(p);
    expect(all.kvs.map((kv) => kv.key)).toEqual([`${p}a`, `${p}a/x`, `${p}a/y`, `${p}ab`]);

    const missing = await s.get(`${p}a/z`);
    expect(missing).toEqual({ kv: null, revision: rev });
    expect((await s.list(`${p}nothing/`)).kvs).toEqual([]);
  });

  it('keeps createRevision, counts version and bumps the revision by one per write', async () => {
    const { store: s, prefix } = ctx();
    const key = `${prefix()}k`;
    const created = await s.create(key, 'v1');
    expect(created).toMatchObject({ key, value: 'v1', version: 1, lease: 0 });
    expect(created.createRevision).toBe(created.modRevision);
    expect(await s.currentRevision()).toBe(created.modRevision);

    const up = await s.update(key, 'v2', created.modRevision);
    if (!up.succeeded) throw new Error('update should succeed');
    expect(up.kv.modRevision).toBe(created.modRevision + 1);
    expect(up.kv).toMatchObject({
      value: 'v2',
      version: 2,
      createRevision: created.createRevision,
    });
    expect((await s.get(key)).kv).toEqual(up.kv);
  });

  it('paginates with limit and startKey at one fixed revision', async () => {
    const { store: s, prefix } = ctx();
    const p = prefix();
    for (const n of ['a', 'c', 'e', 'g', 'i']) await s.create(`${p}${n}`, `v-${n}`);

    const page1 = await s.list(p, { limit: 2 });
    expect(page1.kvs.map((kv) => kv.key)).toEqual([`${p}a`, `${p}c`]);
    expect(page1).toMatchObject({ more: true, remaining: 3 });

    // Writes between pages must not show up in later pages of the same snapshot.
    await s.create(`${p}d`, 'new');
    const g = (await s.get(`${p}g`)).kv!;
    await s.update(`${p}g`, 'changed', g.modRevision);
    await s.delete(`${p}e`);

    const next = (last: string) => `${last}\x00`;
    const page2 = await s.list(p, {
      limit: 2,
      startKey: next(page1.kvs[1]!.key),
      revision: page1.revision,
    });
    expect(page2.revision).toBe(page1.revision);
    expect(page2.kvs.map((kv) => [kv.key, kv.value])).toEqual([
      [`${p}e`, 'v-e'],
      [`${p}g`, 'v-g'],
    ]);
    expect(page2).toMatchObject({ more: true, remaining: 1 });

    const page3 = await s.list(p, {
      limit: 2,
      startKey: next(page2.kvs[1]!.key),
      revision: page1.revision,
    });
    expect(page3.kvs.map((kv) => kv.key)).toEqual([`${p}i`]);
    expect(page3).toMatchObject({ more: false, remaining: 0 });

    // The current state does include the writes.
    const now = await s.list(p);
    expect(now.kvs.map((kv) => kv.key)).toEqual([`${p}a`, `${p}c`, `${p}d`, `${p}g`, `${p}i`]);
    expect(now.revision).toBeGreaterThan(page1.revision);
  });

  it('reads keys and lists as they were at an old revision', async () => {
    const { store: s, prefix } = ctx();
    const p = prefix();
    const key = `${p}k`;
    const v1 = await s.create(key, 'v1');
    const other = await s.create(`${p}other`, 'o');
    const v2 = await s.update(key, 'v2', v1.modRevision);
    if (!v2.succeeded) throw new Error('update should succeed');
    const del = await s.delete(key, v2.kv.modRevision);
    if (!del.succeeded) throw new Error('delete should succeed');

    expect((await s.get(key, { revision: v1.modRevision })).kv?.value).toBe('v1');
    expect((await s.get(key, { revision: v1.modRevision })).revision).toBe(v1.modRevision);
    expect((await s.get(key, { revision: v2.kv.modRevision })).kv?.value).toBe('v2');
    expect((await s.get(key, { revision: del.revision })).kv).toBeNull();
    expect((await s.get(key)).kv).toBeNull();

    const old = await s.list(p, { revision: v1.modRevision });
    expect(old.kvs.map((kv) => kv.key)).toEqual([key]);
    expect(old.revision).toBe(v1.modRevision);
    const mid = await s.list(p, { revision: other.modRevision });
    expect(mid.kvs.map((kv) => [kv.key, kv.value])).toEqual([
      [key, 'v1'],
      [`${p}other`, 'o'],
    ]);
    expect((await s.list(p)).kvs.map((kv) => kv.key)).toEqual([`${p}other`]);
  });

  it('rejects reads at a future revision with FutureRevisionError', async () => {
    const { store: s, prefix } = ctx();
    const p = prefix();
    await s.create(`${p}k`, 'v');
    const future = (await s.currentRevision()) + 100;
    await expect(s.get(`${p}k`, { revision: future })).rejects.toBeInstanceOf(FutureRevisionError);
    await expect(s.list(p, { revision: future })).rejects.toBeInstanceOf(FutureRevisionError);
  });
}
