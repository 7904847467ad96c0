// kube-scheduler against a real kubelab API server: Node objects and pods made by the test, no
// kubelet. Covers placement and spreading, the Scheduled / FailedScheduling events with their
// exact messages, the PodScheduled condition, the decision annotation, re-queueing when a taint
// goes away, and leader election between two schedulers.
import { setMaxListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Event, Node, Pod } from 'kubernetes-types/core/v1';
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver';
import { ApiClient, HttpTransport } from '../../../src-cluster/client';
import { RESOURCES } from '../../../src-cluster/api/resources';
import { TraceRing } from '../../../src-shared/trace';
import { startScheduler, type RunningScheduler } from '../../../src-cluster/cmd/scheduler';
import { DECISION_ANNOTATION, type SchedulingDecision } from '../../../src-cluster/scheduler';
import { makeNode, makePod } from '../../unit/scheduler/builders';

const ref = (group: string, resource: string) =>
  RESOURCES.find((r) => r.group === group && r.resource === resource)!;

let api: TestApiServer;
const transports: HttpTransport[] = [];
let client: ApiClient;
const trace = new TraceRing(100_000);

function newClient(component: string): ApiClient {
  const transport = new HttpTransport({ server: api.httpUrl });
  transports.push(transport);
  return new ApiClient({ transport, component });
}

const nodes = () => client.resource<Node>(ref('', 'nodes'));
const pods = () => client.resource<Pod>(ref('', 'pods')).namespace('default');
const events = () => client.resource<Event>(ref('', 'events')).namespace('default');

async function eventually<T>(fn: () => Promise<T | undefined>, what: string, ms = 15_000) {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v as T;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${String(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function eventsFor(name: string, reason: string): Promise<Event[]> {
  const list = await events().list();
  return list.items.filter((e) => e.involvedObject.name === name && e.reason === reason);
}

async function createNode(node: Node): Promise<void> {
  const created = await nodes().create(node);
  if (!created.status?.allocatable) {
    await nodes().updateStatus({ ...created, status: node.status });
  }
}

const seedPod = (name: string) =>
  makePod(name)
    .labels({ app: 'web' })
    .req({ cpu: '100m', memory: '128Mi' })
    .image('nginx')
    .owner('ReplicaSet', 'web');

let sched: RunningScheduler;
const ac = new AbortController();
setMaxListeners(100, ac.signal);

beforeAll(async () => {
  api = await startTestApiServer();
  client = newClient('test');
  for (const n of ['worker-1', 'worker-2', 'worker-3']) {
    await createNode(makeNode(n).alloc({ cpu: '2', memory: '4Gi', pods: '110' }).obj());
  }
  const rs: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx' }] },
      },
    },
  };
  await client.resource<ReplicaSet>(ref('apps', 'replicasets')).namespace('default').create(rs);
  sched = startScheduler({
    client: newClient('kube-scheduler'),
    trace,
    identity: 'master-1_test',
    leaderElection: false,
  });
});

afterAll(async () => {
  ac.abort();
  await sched?.stop();
  for (const t of transports) t.close();
  await api?.stop();
});

describe('kube-scheduler against the API server', () => {
  it('binds a 3-replica set, one pod per node, with Scheduled events and decisions', async () => {
    const rsUid = (
      await client.resource<ReplicaSet>(ref('apps', 'replicasets')).namespace('default').get('web')
    ).metadata!.uid!;
    for (const i of [0, 1, 2]) {
      const p = seedPod(`web-${i}`).obj();
      (p.metadata!.ownerReferences as any)[0].uid = rsUid;
      await pods().create(p);
    }
    const bound = await eventually(async () => {
      const list = (await pods().list()).items.filter((p) => p.metadata?.name?.startsWith('web-'));
      return list.length === 3 && list.every((p) => p.spec?.nodeName) ? list : undefined;
    }, 'all three pods bound');
    const placed = bound.map((p) => p.spec!.nodeName!).sort();
    expect(placed).toEqual(['worker-1', 'worker-2', 'worker-3']);
    for (const p of bound) {
      const cond = p.status?.conditions?.find((c) => c.type === 'PodScheduled');
      expect(cond?.status).toBe('True');
    }

    const name = bound[0]!.metadata!.name!;
    const scheduled = await eventually(async () => {
      const evs = await eventsFor(name, 'Scheduled');
      return evs.length ? evs : undefined;
    }, 'Scheduled event');
    expect(scheduled[0]!.type).toBe('Normal');
    expect(scheduled[0]!.message).toBe(
      `Successfully assigned default/${name} to ${bound[0]!.spec!.nodeName}`,
    );
    expect(scheduled[0]!.source?.component).toBe('default-scheduler');

    // The decision annotation explains the placement, readable by any API client.
    const withDecision = await eventually(async () => {
      const p = await pods().get(name);
      return p.metadata?.annotations?.[DECISION_ANNOTATION] ? p : undefined;
    }, 'decision annotation');
    const d = JSON.parse(
      withDecision.metadata!.annotations![DECISION_ANNOTATION]!,
    ) as SchedulingDecision;
    expect(d.node).toBe(withDecision.spec!.nodeName);
    expect(d.outcome).toBe('Scheduled');
    expect(d.totalNodes).toBe(3);
    expect(d.weights.TaintToleration).toBe(3);

    // One trace per decision with per-node, per-plugin scores.
    const traces = trace.events().filter((e) => e.verb === 'schedule' && e.name === name);
    expect(traces.length).toBeGreaterThan(0);
    const detail = traces.at(-1)!.detail as unknown as SchedulingDecision;
    expect(detail.node).toBe(withDecision.spec!.nodeName);
    if (Object.keys(detail.scores).length > 0) {
      const anyNode = Object.values(detail.scores)[0]!;
      expect(Object.keys(anyNode.plugins)).toContain('NodeResourcesFit');
    }
  });

  it('reports FailedScheduling with the exact message when every node is tainted', async () => {
    for (const n of ['worker-1', 'worker-2', 'worker-3']) {
      await nodes().patch(n, 'merge', {
        spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
      });
    }
    await pods().create(seedPod('pending-1').obj());
    const expected =
      '0/3 nodes are available: 3 node(s) had untolerated taint {dedicated: gpu}. ' +
      'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
    const failed = await eventually(async () => {
      const evs = await eventsFor('pending-1', 'FailedScheduling');
      return evs.find((e) => e.message === expected);
    }, 'FailedScheduling event');
    expect(failed.type).toBe('Warning');
    const pod = await eventually(async () => {
      const p = await pods().get('pending-1');
      const c = p.status?.conditions?.find((x) => x.type === 'PodScheduled');
      return c?.status === 'False' ? p : undefined;
    }, 'PodScheduled=False');
    const cond = pod.status!.conditions!.find((x) => x.type === 'PodScheduled')!;
    expect(cond.reason).toBe('Unschedulable');
    expect(cond.message).toBe(expected);
    expect(pod.spec?.nodeName).toBeUndefined();
  });

  it('schedules the pending pod once a taint is removed', async () => {
    await nodes().patch('worker-2', 'merge', { spec: { taints: null } });
    const pod = await eventually(async () => {
      const p = await pods().get('pending-1');
      return p.spec?.nodeName ? p : undefined;
    }, 'pending-1 bound after the taint went away');
    expect(pod.spec!.nodeName).toBe('worker-2');
    for (const n of ['worker-1', 'worker-3']) {
      await nodes().patch(n, 'merge', { spec: { taints: null } });
    }
  });
});

describe('leader election', () => {
  it('only the leader binds; the standby takes over when it stops', async () => {
    await sched.stop();
    const timing = { leaseDurationMs: 1500, renewDeadlineMs: 1000, retryPeriodMs: 100 };
    const a = startScheduler({
      client: newClient('kube-scheduler'),
      identity: 'a',
      leaderElection: timing,
    });
    const b = startScheduler({
      client: newClient('kube-scheduler'),
      identity: 'b',
      leaderElection: timing,
    });
    try {
      await eventually(async () => a.isLeader() || b.isLeader(), 'a leader');
      const [leader, standby] = a.isLeader() ? [a, b] : [b, a];
      for (const i of [0, 1, 2, 3]) await pods().create(seedPod(`le-${i}`).obj());
      await eventually(async () => {
        const list = (await pods().list()).items.filter((p) => p.metadata?.name?.startsWith('le-'));
        return list.length === 4 && list.every((p) => p.spec?.nodeName);
      }, 'pods bound by the leader');
      expect(leader.scheduler.stats.scheduled).toBe(4);
      expect(standby.scheduler.stats.scheduled).toBe(0);
      expect(standby.scheduler.stats.attempts).toBe(0);
      expect(standby.isLeader()).toBe(false);

      await leader.stop();
      await eventually(async () => standby.isLeader(), 'standby takes over');
      await pods().create(seedPod('le-after').obj());
      const p = await eventually(async () => {
        const x = await pods().get('le-after');
        return x.spec?.nodeName ? x : undefined;
      }, 'pod bound by the new leader');
      expect(p.spec!.nodeName).toMatch(/^worker-/);
      expect(standby.scheduler.stats.scheduled).toBe(1);
    } finally {
      await Promise.allSettled([a.stop(), b.stop()]);
    }
  });
});
