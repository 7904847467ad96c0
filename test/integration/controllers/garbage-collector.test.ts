// The garbage collector on its own against a real kubelab API server, with plain ConfigMaps and
// Nodes as owners and dependents: ownership is generic, not a workload-controller feature.
import { setMaxListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigMap, Node } from 'kubernetes-types/core/v1';
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver';
import { ApiClient, HttpTransport, SharedInformerFactory } from '../../../src-cluster/client';
import { EventRecorder } from '../../../src-cluster/client/events/event-recorder';
import { RESOURCES } from '../../../src-cluster/api/resources';
import { realClock } from '../../../src-shared/util/clock';
import { nullTraceSink } from '../../../src-shared/trace';
import {
  DEFAULT_CONTROLLER_FLAGS,
  type ControllerContext,
} from '../../../src-cluster/controllers/framework/context';
import { createGarbageCollector } from '../../../src-cluster/controllers/garbage-collector/garbage-collector';

const ref = (group: string, resource: string) =>
  RESOURCES.find((r) => r.group === group && r.resource === resource)!;

let api: TestApiServer;
let transport: HttpTransport;
let client: ApiClient;
let factory: SharedInformerFactory;
const ac = new AbortController();
setMaxListeners(100, ac.signal);
let runs: Promise<void>[] = [];

beforeAll(async () => {
  api = await startTestApiServer();
  transport = new HttpTransport({ server: api.httpUrl });
  client = new ApiClient({ transport, component: 'kube-controller-manager' });
  factory = new SharedInformerFactory(client, { clock: realClock });
  const ctx: ControllerContext = {
    client,
    factory,
    clock: realClock,
    trace: nullTraceSink,
    flags: DEFAULT_CONTROLLER_FLAGS,
    recorder: (component) => new EventRecorder(client, { component }, realClock),
  };
  const gc = createGarbageCollector(ctx);
  factory.start(ac.signal);
  await factory.waitForCacheSync(ac.signal);
  runs = [gc.run(ac.signal, 2)];
});

afterAll(async () => {
  ac.abort();
  await Promise.allSettled(runs);
  await factory?.shutdown();
  transport?.close();
  await api?.stop();
});

const cms = () => client.resource<ConfigMap>(ref('', 'configmaps')).namespace('default');
const nodes = () => client.resource<Node>(ref('', 'nodes'));

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`condition not reached: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const owner = (
  o: { metadata?: { name?: string; uid?: string } },
  kind = 'ConfigMap',
): OwnerReference => ({
  apiVersion: 'v1',
  kind,
  name: o.metadata!.name!,
  uid: o.metadata!.uid!,
});
const exists = (name: string) =>
  cms()
    .get(name)
    .then(
      () => true,
      () => false,
    );
const refsOf = async (name: string) =>
  ((await cms().get(name)).metadata?.ownerReferences ?? []).map((r) => r.name);

describe('garbage collector', () => {
  it('deletes a dependent once its only owner is gone', async () => {
    const parent = await cms().create({ metadata: { name: 'parent' } });
    await cms().create({ metadata: { name: 'child', ownerReferences: [owner(parent)] } });
    // While the owner lives, the dependent stays.
    await new Promise((r) => setTimeout(r, 300));
    expect(await exists('child')).toBe(true);
    await cms().delete('parent');
    await eventually(
      () => exists('child'),
      (e) => !e,
    );
  });

  it('keeps a dependent with another live owner, dropping only the dangling reference', async () => {
    const a = await cms().create({ metadata: { name: 'owner-a' } });
    const b = await cms().create({ metadata: { name: 'owner-b' } });
    await cms().create({ metadata: { name: 'shared', ownerReferences: [owner(a), owner(b)] } });
    await cms().delete('owner-a');
    await eventually(
      () => refsOf('shared'),
      (r) => r.length === 1,
    );
    expect(await refsOf('shared')).toEqual(['owner-b']);
  });

  it('deletes a dependent whose owner never existed (confirmed with the API server)', async () => {
    await cms().create({
      metadata: {
        name: 'stray',
        ownerReferences: [
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            name: 'ghost',
            uid: '00000000-dead-beef-0000-000000000000',
          },
        ],
      },
    });
    await eventually(
      () => exists('stray'),
      (e) => !e,
    );
  });

  it('a reference to an owner of the same name but another uid is dangling', async () => {
    const old = await cms().create({ metadata: { name: 'reborn' } });
    await cms().delete('reborn');
    await cms().create({ metadata: { name: 'reborn' } });
    await cms().create({ metadata: { name: 'of-old', ownerReferences: [owner(old)] } });
    await eventually(
      () => exists('of-old'),
      (e) => !e,
    );
    expect(await exists('reborn')).toBe(true);
  });

  it('a namespaced dependent of a cluster-scoped owner (a Node) goes with it', async () => {
    const n = await nodes().create({ metadata: { name: 'gc-node' } });
    await cms().create({ metadata: { name: 'node-info', ownerReferences: [owner(n, 'Node')] } });
    await new Promise((r) => setTimeout(r, 200));
    expect(await exists('node-info')).toBe(true);
    await nodes().delete('gc-node');
    await eventually(
      () => exists('node-info'),
      (e) => !e,
    );
  });

  it('foreground: a three-level chain is removed bottom-up, the top last', async () => {
    const top = await cms().create({ metadata: { name: 'top' } });
    const mid = await cms().create({
      metadata: { name: 'mid', ownerReferences: [{ ...owner(top), blockOwnerDeletion: true }] },
    });
    await cms().create({
      metadata: { name: 'leaf', ownerReferences: [{ ...owner(mid), blockOwnerDeletion: true }] },
    });
    // Deletion order from the DELETED events' resourceVersions (one global sequence).
    const f = new SharedInformerFactory(client, { clock: realClock });
    const stop = new AbortController();
    setMaxListeners(100, stop.signal);
    const goneAt = new Map<string, number>();
    f.informerFor<ConfigMap>(ref('', 'configmaps'), { namespace: 'default' }).addEventHandler({
      onDelete: (o) => goneAt.set(o.metadata!.name!, Number(o.metadata?.resourceVersion)),
    });
    f.start(stop.signal);
    await f.waitForCacheSync(stop.signal);
    await cms().delete('top', { propagationPolicy: 'Foreground' });
    await eventually(
      async () => goneAt.has('top'),
      (t) => t,
    );
    stop.abort();
    await f.shutdown();
    expect(goneAt.get('leaf')!).toBeLessThan(goneAt.get('mid')!);
    expect(goneAt.get('mid')!).toBeLessThan(goneAt.get('top')!);
  });

  it('orphan: dependents stay, without the reference', async () => {
    const p = await cms().create({ metadata: { name: 'orph-parent' } });
    await cms().create({ metadata: { name: 'orph-child', ownerReferences: [owner(p)] } });
    await cms().delete('orph-parent', { propagationPolicy: 'Orphan' });
    await eventually(
      () => exists('orph-parent'),
      (e) => !e,
    );
    expect(await refsOf('orph-child')).toEqual([]);
  });
});
