// etcd failure behaviour on a real 3-member cluster: losing the leader, losing quorum (writes end
// in UnknownResultError, never a false "failed"), and a watch surviving the loss of its member.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EtcdStore } from '../../../src-cluster/store/etcd/etcd-store';
import { StoreUnavailableError, UnknownResultError } from '../../../src-cluster/store/store';
import { Recorder, uniquePrefix } from '../../../src-cluster/store/testing/conformance-support';
import { startEtcdCluster, type EtcdTestCluster } from '../../support/etcd';

describe('EtcdStore on a 3-member cluster under failures', () => {
  let cluster: EtcdTestCluster;
  const stores: EtcdStore[] = [];
  const down = new Set<number>();

  const connect = async (endpoints: string[], timeoutMs?: number) => {
    const s = await EtcdStore.connect(endpoints, { timeoutMs });
    stores.push(s);
    return s;
  };
  const kill = (i: number) => {
    cluster.kill(i);
    down.add(i);
  };
  const restart = async (i: number) => {
    await cluster.restart(i);
    down.delete(i);
  };

  beforeAll(async () => {
    cluster = await startEtcdCluster({ members: 3 });
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    for (const i of [...down]) await restart(i);
    await cluster.waitHealthy();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('keeps serving reads and writes after the leader is killed', async () => {
    const s = await connect(cluster.endpoints);
    const p = uniquePrefix('leader-kill');
    const before = await s.create(`${p}before`, 'v');
    const counter = await s.create(`${p}counter`, '0');

    const leader = await cluster.leaderIndex();
    kill(leader);

    expect((await s.get(`${p}before`)).kv).toEqual(before);
    let cur = counter;
    for (let i = 1; i <= 10; i++) {
      const r = await s.update(`${p}counter`, String(i), cur.modRevision);
      if (!r.succeeded) throw new Error(`update ${i} lost its compare unexpectedly`);
      cur = r.kv;
    }
    const after = await s.create(`${p}after`, 'x');
    expect(after.modRevision).toBeGreaterThan(cur.modRevision);
    expect((await s.get(`${p}counter`)).kv?.value).toBe('10');
    expect((await s.list(p)).kvs.map((kv) => kv.key)).toEqual([
      `${p}after`,
      `${p}before`,
      `${p}counter`,
    ]);
    expect(await cluster.leaderIndex()).not.toBe(leader);
  }, 60_000);

  it('reports a write during quorum loss as unknown, and a re-read later shows whether it landed', async () => {
    const s = await connect(cluster.endpoints, 1000);
    const p = uniquePrefix('quorum-loss');
    const base = await s.create(`${p}k`, 'before');

    kill(0);
    kill(1);
    const write = s.update(`${p}k`, 'during', base.modRevision);
    await expect(write).rejects.toBeInstanceOf(UnknownResultError);
    // A linearizable read cannot be served without quorum either: unavailable, not a stale answer.
    await expect(s.get(`${p}k`)).rejects.toBeInstanceOf(StoreUnavailableError);

    await restart(0);
    await restart(1);
    await cluster.waitHealthy();
    const fresh = await connect(cluster.endpoints);
    const { kv } = await fresh.get(`${p}k`);
    expect(kv).not.toBeNull();
    if (kv!.value === 'during') {
      // It landed: exactly once, right after the revision it was based on.
      expect(kv!.version).toBe(2);
      expect(kv!.modRevision).toBeGreaterThan(base.modRevision);
    } else {
      expect(kv).toEqual(base);
    }
    // Either way the store is consistent again: a CAS on what we read succeeds.
    const next = await fresh.update(`${p}k`, 'after', kv!.modRevision);
    expect(next.succeeded).toBe(true);
  }, 60_000);

  it('delivers every revision exactly once to a watch whose member is killed and restarted', async () => {
    const writer = await connect(cluster.endpoints);
    const watched = await connect([cluster.endpoints[2]!]);
    const p = uniquePrefix('watch-member-kill');
    const rec = new Recorder();
    await watched.watch(p, (await writer.currentRevision()) + 1, rec);
    const written: number[] = [];
    const burst = async (tag: string) => {
      for (let i = 0; i < 10; i++)
        written.push((await writer.create(`${p}${tag}${i}`, tag)).modRevision);
    };

    await burst('a');
    await rec.waitFor(() => rec.events.length >= 10, 'the first burst');
    kill(2); // the watch's only endpoint: its stream breaks
    await burst('b'); // written while the watch cannot see anything
    await restart(2);
    await cluster.waitHealthy();
    await burst('c');
    await rec.waitFor(() => rec.events.length >= 30, 'all three bursts', 30_000);

    expect(rec.errors).toEqual([]);
    expect(rec.revisions()).toEqual(written);
    expect(rec.events.every((e) => e.type === 'put' && e.prevKv === null)).toBe(true);
  }, 60_000);
});
