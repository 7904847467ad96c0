// A kubelet goes silent: the node lifecycle controller, against a real API server and on a fake
// clock, marks the node Unknown after 40 s, taints it unreachable, and the taint manager evicts
// its pods as their tolerations run out — then the kubelet comes back and the taints go away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Event, Node, Pod } from 'kubernetes-types/core/v1';
import type { Lease } from 'kubernetes-types/coordination/v1';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver';
import { ApiClient, HttpTransport, SharedInformerFactory } from '../../../src-cluster/client';
import { EventRecorder } from '../../../src-cluster/client/events/event-recorder';
import { RESOURCES } from '../../../src-cluster/api/resources';
import {
  DEFAULT_CONTROLLER_FLAGS,
  type ControllerContext,
} from '../../../src-cluster/controllers/framework/context';
import { createNodeLifecycleController } from '../../../src-cluster/controllers/node-lifecycle';
import { FakeClock, realClock } from '../../../src-shared/util/clock';
import { nullTraceSink } from '../../../src-shared/trace';

const ref = (group: string, resource: string) =>
  RESOURCES.find((r) => r.group === group && r.resource === resource)!;

let api: TestApiServer;
let transport: HttpTransport;
let client: ApiClient;
const clock = new FakeClock();
const ac = new AbortController();
let run: Promise<void>;

const nodes = () => client.resource<Node>(ref('', 'nodes'));
const pods = () => client.resource<Pod>(ref('', 'pods')).namespace('default');
const leases = () =>
  client.resource<Lease>(ref('coordination.k8s.io', 'leases')).namespace('kube-node-lease');
const iso = (ms: number) => new Date(ms).toISOString();

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}
const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

/** What a kubelet does every 10 s: renew its lease. */
async function renewLease(name: string) {
  const lease = await leases().get(name);
  await leases().update({ ...lease, spec: { ...lease.spec, renewTime: iso(clock.now()) } });
}

/** What a kubelet does when it (re)starts: report Ready with a fresh heartbeat. */
async function reportReady(name: string) {
  const node = await nodes().get(name);
  const now = iso(clock.now());
  await nodes().updateStatus({
    ...node,
    status: {
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: now,
          lastTransitionTime: now,
        },
        {
          type: 'MemoryPressure',
          status: 'False',
          reason: 'KubeletHasSufficientMemory',
          lastHeartbeatTime: now,
          lastTransitionTime: now,
        },
      ],
    },
  });
}

/** Moves the fake clock in steps, the healthy node's kubelet renewing its lease at each. */
async function advance(ms: number, step = 5_000) {
  for (let done = 0; done < ms; done += step) {
    await renewLease('healthy');
    await settle(60);
    clock.advance(Math.min(step, ms - done));
  }
  await settle(60);
}

async function addNode(name: string) {
  await nodes().create({ metadata: { name } });
  await reportReady(name);
  await leases().create({
    metadata: { name },
    spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: iso(clock.now()) },
  });
}

async function addRunningPod(name: string, node: string, extra: Partial<Pod['spec']> = {}) {
  const pod = await pods().create({
    metadata: { name },
    spec: { nodeName: node, containers: [{ name: 'c', image: 'busybox' }], ...extra },
  });
  await pods().updateStatus({
    ...pod,
    status: {
      phase: 'Running',
      podIP: '10.244.1.5',
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  });
}

beforeAll(async () => {
  api = await startTestApiServer();
  transport = new HttpTransport({ server: api.httpUrl });
  client = new ApiClient({ transport, component: 'kube-controller-manager' });
  const factory = new SharedInformerFactory(client, { clock: realClock });
  const ctx: ControllerContext = {
    client,
    factory,
    clock,
    trace: nullTraceSink,
    recorder: (component) => new EventRecorder(client, { component }, clock),
    flags: { ...DEFAULT_CONTROLLER_FLAGS },
  };
  const controller = createNodeLifecycleController(ctx);
  await addNode('dying');
  await addNode('healthy');
  // Default tolerations (300 s) come from the API server's DefaultTolerationSeconds admission.
  await addRunningPod('web-1', 'dying');
  await addRunningPod('impatient', 'dying', {
    tolerations: [
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 0,
      },
    ],
  });
  await addRunningPod('loyal', 'dying', {
    tolerations: [
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    ],
  });
  await addRunningPod('bystander', 'healthy');
  factory.start(ac.signal);
  await factory.waitForCacheSync(ac.signal);
  run = controller.run(ac.signal, 2);
  await settle();
});

afterAll(async () => {
  ac.abort();
  await run;
  transport?.close();
  await api?.stop();
});

const taintsOf = async (name: string) => (await nodes().get(name)).spec?.taints ?? [];
const deleting = async (name: string) => !!(await pods().get(name)).metadata?.deletionTimestamp;

describe('node lifecycle', () => {
  it('keeps a node that heartbeats Ready, and marks a silent one Unknown after 40 s', async () => {
    await advance(35_000);
    expect(
      (await nodes().get('dying')).status?.conditions?.find((c) => c.type === 'Ready')?.status,
    ).toBe('True');

    await advance(5_000);
    const node = await eventually(
      () => nodes().get('dying'),
      (n) => n.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'Unknown',
    );
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
    expect(ready).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
    });
    expect(node.status?.conditions?.find((c) => c.type === 'MemoryPressure')?.status).toBe(
      'Unknown',
    );
    const healthy = await nodes().get('healthy');
    expect(healthy.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    expect(healthy.spec?.taints ?? []).toEqual([]);
  });

  it('taints the silent node unreachable (NoExecute with timeAdded, and NoSchedule)', async () => {
    const taints = await eventually(
      () => taintsOf('dying'),
      (t) => t.length === 2,
    );
    expect(taints).toContainEqual({
      key: 'node.kubernetes.io/unreachable',
      effect: 'NoExecute',
      timeAdded: expect.any(String),
    });
    expect(taints).toContainEqual({ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' });
  });

  it("marks the node's pods not Ready", async () => {
    const pod = await eventually(
      () => pods().get('web-1'),
      (p) => p.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'False',
    );
    expect(pod.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
    expect((await pods().get('bystander')).status?.conditions?.[0]?.status).toBe('True');
  });

  it('evicts a pod that tolerates the taint for 0 s at once, with a TaintManagerEviction event', async () => {
    expect(await eventually(() => deleting('impatient'), Boolean)).toBe(true);
    const events = await eventually(
      async () =>
        (await client.resource<Event>(ref('', 'events')).namespace('default').list()).items,
      (es) => es.some((e) => e.reason === 'TaintManagerEviction'),
    );
    expect(events.find((e) => e.reason === 'TaintManagerEviction')?.message).toBe(
      'Marking for deletion Pod default/impatient',
    );
  });

  it('evicts a pod with the default 300 s toleration only after 300 s', async () => {
    await advance(295_000);
    await settle();
    expect(await deleting('web-1')).toBe(false);
    await advance(5_000);
    expect(await eventually(() => deleting('web-1'), Boolean)).toBe(true);
    const pod = await pods().get('web-1');
    expect(pod.status?.conditions?.find((c) => c.type === 'DisruptionTarget')?.reason).toBe(
      'DeletionByTaintManager',
    );
    // Tolerating forever means staying forever; the healthy node's pod is untouched.
    expect(await deleting('loyal')).toBe(false);
    expect(await deleting('bystander')).toBe(false);
  });

  it('evicts at once a pod that does not tolerate a NoExecute taint at all', async () => {
    const node = await nodes().get('healthy');
    await nodes().update({
      ...node,
      spec: {
        ...node.spec,
        taints: [{ key: 'example.com/maintenance', value: 'true', effect: 'NoExecute' }],
      },
    });
    expect(await eventually(() => deleting('bystander'), Boolean)).toBe(true);
  });

  it('removes the taints when the kubelet heartbeats again', async () => {
    await renewLease('dying');
    await reportReady('dying');
    const taints = await eventually(
      () => taintsOf('dying'),
      (t) => t.length === 0,
    );
    expect(taints).toEqual([]);
    // A user's taint is not the controller's to remove.
    expect(await taintsOf('healthy')).toEqual([
      { key: 'example.com/maintenance', value: 'true', effect: 'NoExecute' },
    ]);
  });
});
