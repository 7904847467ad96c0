/**
 * Conformance: watch. Every revision exactly once and in order with prevKv, deletes included;
 * resuming from lastSeen+1 after closing a watcher; replay from a historical revision.
 */
import { expect, it } from 'vitest';
import type { Store } from '../store';
import { Recorder, settle, type ConformanceContext } from './conformance-support';

/** A mixed workload under p (plus noise outside it); returns the revisions written under p. */
async function workload(s: Store, p: string, outside: string): Promise<number[]> {
  const revs: number[] = [];
  const keys = ['a', 'b', 'c'].map((k) => `${p}${k}`);
  for (let round = 0; round < 4; round++) {
    for (const key of keys) {
      const cur = (await s.get(key)).kv;
      if (!cur) revs.push((await s.create(key, `${round}`)).modRevision);
      else if (round === 2 && key.endsWith('b')) {
        const d = await s.delete(key, cur.modRevision);
        if (d.succeeded) revs.push(d.revision);
      } else {
        const u = await s.update(key, `${round}`, cur.modRevision);
        if (u.succeeded) revs.push(u.kv.modRevision);
      }
    }
    await s.create(`${outside}${round}`, 'noise');
  }
  return revs;
}

export function watchTests(ctx: () => ConformanceContext): void {
  it('delivers every revision exactly once, in order, with prevKv and deletes', async () => {
    const { store: s, prefix } = ctx();
    const p = prefix();
    const outside = `${p.slice(0, -1)}-outside/`;
    const rec = new Recorder();
    const w = await s.watch(p, (await s.currentRevision()) + 1, rec);
    const revs = await workload(s, p, outside);
    await rec.waitFor(() => rec.events.length >= revs.length, `${revs.length} events`);
    await settle();
    w.close();

    expect(rec.errors).toEqual([]);
    expect(rec.revisions()).toEqual(revs);
    const last = new Map<string, string>();
    for (const ev of rec.events) {
      expect(ev.kv.key.startsWith(p)).toBe(true);
      const before = last.get(ev.kv.key);
      if (ev.type === 'put') {
        if (before === undefined) {
          expect(ev.prevKv).toBeNull();
          expect(ev.kv.createRevision).toBe(ev.kv.modRevision);
        } else expect(ev.prevKv?.value).toBe(before);
        last.set(ev.kv.key, ev.kv.value);
      } else {
        expect(ev.kv.value).toBe('');
        expect(ev.prevKv?.value).toBe(before);
        expect(ev.prevKv?.key).toBe(ev.kv.key);
        last.delete(ev.kv.key);
      }
    }
    expect(rec.events.filter((e) => e.type === 'delete').map((e) => e.kv.key)).toEqual([`${p}b`]);
  });

  it('resumes from lastSeen+1 after a watcher is closed mid-stream without gap or duplicate', async () => {
    const { store: s, prefix } = ctx();
    const p = prefix();
    const first = new Recorder();
    const w1 = await s.watch(p, (await s.currentRevision()) + 1, first);
    const written: number[] = [];
    const writer = (async () => {
      for (let i = 0; i < 40; i++) {
        written.push((await s.create(`${p}k${String(i).padStart(2, '0')}`, `${i}`)).modRevision);
        if (i % 4 === 0) await new Promise((r) => setTimeout(r, 1));
      }
    })();
    await first.waitFor(() => first.events.length >= 10, '10 events before closing');
    w1.close();
    const seenAtClose = first.events.length;
    const lastSeen = first.events[seenAtClose - 1]!.kv.modRevision;

    const second = new Recorder();
    const w2 = await s.watch(p, lastSeen + 1, second);
    await writer;
    const target = written[written.length - 1]!;
    await second.waitFor(
      () => lastSeen >= target || second.revisions().includes(target),
      'the last write',
    );
    await settle();
    w2.close();

    expect(first.events.length).toBe(seenAtClose); // nothing after close()
    const union = [...first.revisions(), ...second.revisions()];
    expect(union).toEqual(written);
    expect(first.errors.concat(second.errors)).toEqual([]);
  });

  it('replays history from an old revision, then continues live', async () => {
    const { store: s, prefix } = ctx();
    const p = prefix();
    const a = await s.create(`${p}a`, '1');
    const up = await s.update(`${p}a`, '2', a.modRevision);
    const b = await s.create(`${p}b`, '1');
    const d = await s.delete(`${p}a`);
    if (!up.succeeded || !d.succeeded) throw new Error('setup writes failed');

    const rec = new Recorder();
    const w = await s.watch(p, up.kv.modRevision, rec);
    const live = await s.create(`${p}c`, 'live');
    await rec.waitFor(() => rec.events.length >= 4, '3 historical + 1 live event');
    await settle();
    w.close();
    expect(rec.revisions()).toEqual([
      up.kv.modRevision,
      b.modRevision,
      d.revision,
      live.modRevision,
    ]);
    expect(rec.events.map((e) => e.type)).toEqual(['put', 'put', 'delete', 'put']);
    expect(rec.events[0]!.prevKv?.value).toBe('1');
    expect(rec.events[2]!.prevKv?.value).toBe('2');
  });
}
