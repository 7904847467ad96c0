// The unknown-result resolution of EtcdStore, made deterministic: the client is wired so that a
// write reaches etcd and applies, but its response is "lost" (replaced by DEADLINE_EXCEEDED), the
// way a timeout during a network fault or leader change looks. The store must find out from etcd
// that its write landed instead of reporting a failed compare.
import { Etcd3 } from 'etcd3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EtcdStore } from '../../../src-cluster/store/etcd/etcd-store';
import { uniquePrefix } from '../../../src-cluster/store/testing/conformance-support';
import { startEtcdCluster, type EtcdTestCluster } from '../../support/etcd';

interface Pool {
  exec(service: string, method: string, payload: unknown): Promise<unknown>;
  withConnection(service: string, fn: unknown): Promise<unknown>;
  markFailed(resource: unknown, err: Error): void;
}

function poolOf(client: Etcd3): Pool {
  return (client as unknown as { pool: Pool }).pool;
}

describe('EtcdStore when a write applies but its response is lost', () => {
  let cluster: EtcdTestCluster;
  let store: EtcdStore;
  let side: Etcd3;
  /** How many of the next Txn responses to drop after etcd has applied them. */
  let dropTxnResponses = 0;

  beforeAll(async () => {
    cluster = await startEtcdCluster({ members: 1 });
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  afterEach(async () => {
    await store?.close();
    side?.close();
  });

  async function open(): Promise<EtcdStore> {
    store = await EtcdStore.connect(cluster.endpoints, { timeoutMs: 2000 });
    side = new Etcd3({ hosts: cluster.endpoints });
    const real = poolOf(side);
    const client = (store as unknown as { client: Etcd3 }).client;
    client.mock({
      async exec(service: string, method: string, payload: unknown) {
        const res = await real.exec(service, method, payload);
        if (method === 'txn' && dropTxnResponses > 0) {
          dropTxnResponses--;
          throw Object.assign(new Error('4 DEADLINE_EXCEEDED: Deadline exceeded'), { code: 4 });
        }
        return res;
      },
      withConnection: (service: string, fn: unknown) => real.withConnection(service, fn),
      markFailed: (resource: unknown, err: Error) => real.markFailed(resource, err),
      callOptionsFactory: undefined,
    } as never);
    return store;
  }

  it('update reports success, with the revision it got, exactly once', async () => {
    const s = await open();
    const key = `${uniquePrefix('lost-update')}k`;
    const base = await s.create(key, 'v1');
    dropTxnResponses = 1;
    const r = await s.update(key, 'v2', base.modRevision);
    expect(r.succeeded).toBe(true);
    if (!r.succeeded) return;
    expect(r.kv).toMatchObject({ value: 'v2', version: 2, createRevision: base.createRevision });
    expect(r.kv.modRevision).toBe(base.modRevision + 1);
    expect((await s.get(key)).kv).toEqual(r.kv);
    expect(await s.currentRevision()).toBe(base.modRevision + 1); // applied once, not twice
  });

  it('create reports the created key instead of KeyExistsError', async () => {
    const s = await open();
    const key = `${uniquePrefix('lost-create')}k`;
    dropTxnResponses = 1;
    const kv = await s.create(key, 'v1');
    expect(kv).toMatchObject({ key, value: 'v1', version: 1 });
    expect((await s.get(key)).kv).toEqual(kv);
  });

  it('delete reports success with the deleted value', async () => {
    const s = await open();
    const key = `${uniquePrefix('lost-delete')}k`;
    const base = await s.create(key, 'v1');
    dropTxnResponses = 1;
    const d = await s.delete(key, base.modRevision);
    expect(d).toEqual({ succeeded: true, prev: base, revision: base.modRevision + 1 });
    expect((await s.get(key)).kv).toBeNull();
  });

  it('still reports a real conflict when the write that followed was someone else’s', async () => {
    const s = await open();
    const key = `${uniquePrefix('lost-conflict')}k`;
    const base = await s.create(key, 'v1');
    // Another writer wins first; our attempt then fails its compare and that answer is "lost".
    await side.put(key).value('theirs');
    dropTxnResponses = 1;
    const r = await s.update(key, 'ours', base.modRevision);
    expect(r.succeeded).toBe(false);
    if (!r.succeeded) expect(r.current?.value).toBe('theirs');
  });
});
