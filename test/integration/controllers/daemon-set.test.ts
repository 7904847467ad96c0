// The DaemonSet controller against a real kubelab API server, with Node objects made by the test
// and no kubelet: where a pod must finish terminating or become Ready, the test does what a
// kubelet would (final delete with grace 0, status through /status).
import { setMaxListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DaemonSet } from 'kubernetes-types/apps/v1';
import type { Node, Pod } from 'kubernetes-types/core/v1';
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
import { createDaemonSetController } from '../../../src-cluster/controllers/daemon-set/daemon-set-controller';

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
  const c = createDaemonSetController(ctx);
  factory.start(ac.signal);
  await factory.waitForCacheSync(ac.signal);
  runs = [c.run(ac.signal, 2)];
});

afterAll(async () => {
  ac.abort();
  await Promise.allSettled(runs);
  await factory?.shutdown();
  transport?.close();
  await api?.stop();
});

const nodes = () => client.resource<Node>(ref('', 'nodes'));
const pods = () => client.resource<Pod>(ref('', 'pods')).namespace('kube-system');
const daemonSets = () =>
  client.resource<DaemonSet>(ref('apps', 'daemonsets')).namespace('kube-system');

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > deadline) {
      const show = Array.isArray(v)
        ? v.map((p: Pod) => `${p.metadata?.name}@${p.spec?.nodeName}`)
        : v;
      throw new Error(`condition not reached; last value: ${JSON.stringify(show).slice(0, 2000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

const live = async () =>
  (await pods().list({ labelSelector: 'app=agent' })).items.filter(
    (p) => !p.metadata?.deletionTimestamp,
  );
const byNode = (ps: Pod[]) => ps.map((p) => p.spec?.nodeName).sort();

function node(name: string, labels: Record<string, string>, taints: Node['spec'] = {}): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec: taints };
}

/** The kubelet's part: every terminating agent pod finishes; every live one is Ready. */
async function kubelet(): Promise<void> {
  const all = (await pods().list({ labelSelector: 'app=agent' })).items;
  for (const p of all) {
    if (p.metadata?.deletionTimestamp) {
      await pods()
        .delete(p.metadata.name!, { gracePeriodSeconds: 0 })
        .catch(() => {});
    } else if (!p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) {
      await pods().patch(
        p.metadata!.name!,
        'merge',
        {
          status: {
            phase: 'Running',
            conditions: [
              { type: 'Ready', status: 'True', lastTransitionTime: new Date().toISOString() },
            ],
          },
        },
        { subresource: 'status' },
      );
    }
  }
}

describe('daemon set', () => {
  it('runs one pod per matching, tolerated node, bound to it', async () => {
    await nodes().create(node('n1', { role: 'web' }));
    await nodes().create(node('n2', { role: 'web' }));
    await nodes().create(node('n3', { role: 'db' }));
    await nodes().create(
      node(
        'n4',
        { role: 'web' },
        { taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] },
      ),
    );
    // Pressure and cordon taints do not keep a daemon away (automatic tolerations).
    await nodes().create(
      node(
        'n5',
        { role: 'web' },
        {
          unschedulable: true,
          taints: [
            { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
            { key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' },
          ],
        },
      ),
    );
    const ds = await daemonSets().create({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: { nodeSelector: { role: 'web' }, containers: [{ name: 'a', image: 'agent:1' }] },
        },
      },
    });
    const ps = await eventually(live, (p) => p.length === 3);
    expect(byNode(ps)).toEqual(['n1', 'n2', 'n5']);
    for (const p of ps) {
      expect(p.metadata?.name).toMatch(/^agent-[a-z0-9]{5}$/);
      expect(p.metadata?.ownerReferences).toEqual([
        expect.objectContaining({
          kind: 'DaemonSet',
          uid: ds.metadata?.uid,
          controller: true,
          blockOwnerDeletion: true,
        }),
      ]);
      expect(
        p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
      ).toEqual({
        nodeSelectorTerms: [
          { matchFields: [{ key: 'metadata.name', operator: 'In', values: [p.spec?.nodeName] }] },
        ],
      });
      expect(p.spec?.tolerations).toEqual(
        expect.arrayContaining([
          { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
          { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
        ]),
      );
      expect(p.metadata?.labels?.['controller-revision-hash']).toBeTruthy();
    }
    await kubelet();
    const s = await eventually(
      () => daemonSets().get('agent'),
      (d) => d.status?.numberAvailable === 3,
    );
    expect(s.status).toMatchObject({
      desiredNumberScheduled: 3,
      currentNumberScheduled: 3,
      numberMisscheduled: 0,
      numberReady: 3,
      updatedNumberScheduled: 3,
      observedGeneration: s.metadata?.generation,
    });
  });

  it('follows nodes: a new matching node gets a pod, a relabelled one loses it', async () => {
    await nodes().create(node('n6', { role: 'web' }));
    await eventually(live, (p) => byNode(p).includes('n6'));
    await nodes().patch('n1', 'merge', { metadata: { labels: { role: 'db' } } });
    await eventually(live, (p) => !byNode(p).includes('n1'));
    // The pod was bound, so it terminates gracefully; once gone, nothing comes back on n1.
    await kubelet();
    const all = await eventually(
      () => pods().list({ labelSelector: 'app=agent' }),
      (l) => l.items.length === 3,
    );
    expect(byNode(all.items)).toEqual(['n2', 'n5', 'n6']);
    const ds = await eventually(
      () => daemonSets().get('agent'),
      (d) => d.status?.desiredNumberScheduled === 3,
    );
    expect(ds.status?.numberMisscheduled).toBe(0);
  });

  it('a deleted daemon pod is replaced on the same node', async () => {
    const [victim] = (await live()).filter((p) => p.spec?.nodeName === 'n2');
    await pods().delete(victim!.metadata!.name!, { gracePeriodSeconds: 0 });
    const ps = await eventually(live, (p) =>
      p.some((x) => x.spec?.nodeName === 'n2' && x.metadata?.uid !== victim!.metadata?.uid),
    );
    expect(ps.filter((p) => p.spec?.nodeName === 'n2')).toHaveLength(1);
  });

  it('rolls a new template out one node at a time (maxUnavailable 1)', async () => {
    await kubelet();
    await eventually(
      () => daemonSets().get('agent'),
      (d) => d.status?.numberAvailable === 3,
    );
    const before = (await live()).map((p) => p.metadata?.labels?.['controller-revision-hash']);
    await daemonSets().patch('agent', 'strategic', {
      spec: { template: { spec: { containers: [{ name: 'a', image: 'agent:2' }] } } },
    });
    let worst = 0;
    for (let i = 0; i < 200; i++) {
      const all = (await pods().list({ labelSelector: 'app=agent' })).items;
      const availableNodes = new Set(
        all
          .filter(
            (p) =>
              !p.metadata?.deletionTimestamp &&
              p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
          )
          .map((p) => p.spec?.nodeName),
      );
      worst = Math.max(worst, 3 - availableNodes.size);
      if (
        all.length === 3 &&
        all.every(
          (p) => p.spec?.containers[0]?.image === 'agent:2' && availableNodes.has(p.spec?.nodeName),
        )
      )
        break;
      await kubelet();
      await new Promise((r) => setTimeout(r, 30));
    }
    const ps = await live();
    expect(ps.map((p) => p.spec?.containers[0]?.image)).toEqual(['agent:2', 'agent:2', 'agent:2']);
    expect(ps.map((p) => p.metadata?.labels?.['controller-revision-hash'])).not.toContain(
      before[0],
    );
    expect(worst).toBe(1);
    const ds = await eventually(
      () => daemonSets().get('agent'),
      (d) => d.status?.updatedNumberScheduled === 3 && d.status?.numberAvailable === 3,
    );
    expect(ds.status?.observedGeneration).toBe(ds.metadata?.generation);
  });
});
