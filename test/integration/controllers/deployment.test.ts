// The Deployment and ReplicaSet controllers against a real kubelab API server. There is no kubelet
// here: where a step needs pods to be Ready, the test plays kubelet by writing pod status through
// /status, one pod at a time, and checks the rollout's bounds after every single pod change.
import { setMaxListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Event, Pod } from 'kubernetes-types/core/v1';
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
import { createDeploymentController } from '../../../src-cluster/controllers/deployment/deployment-controller';
import { createReplicaSetController } from '../../../src-cluster/controllers/replica-set/replica-set-controller';
import { createGarbageCollector } from '../../../src-cluster/controllers/garbage-collector/garbage-collector';

const ref = (group: string, resource: string) =>
  RESOURCES.find((r) => r.group === group && r.resource === resource)!;
const DEPLOYMENTS = ref('apps', 'deployments');
const REPLICA_SETS = ref('apps', 'replicasets');
const PODS = ref('', 'pods');
const EVENTS = ref('', 'events');

let api: TestApiServer;
let transport: HttpTransport;
let client: ApiClient;
const ac = new AbortController();
// One abort listener per informer (the collector watches every resource).
setMaxListeners(100, ac.signal);
let runs: Promise<void>[] = [];
let factory: SharedInformerFactory;

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
  const controllers = [
    createDeploymentController(ctx),
    createReplicaSetController(ctx),
    createGarbageCollector(ctx),
  ];
  factory.start(ac.signal);
  await factory.waitForCacheSync(ac.signal);
  runs = controllers.map((c) => c.run(ac.signal, 2));
});

afterAll(async () => {
  ac.abort();
  await Promise.allSettled(runs);
  await factory?.shutdown();
  transport?.close();
  await api?.stop();
});

const deployments = () => client.resource<Deployment>(DEPLOYMENTS).namespace('default');
const replicaSets = () => client.resource<ReplicaSet>(REPLICA_SETS).namespace('default');
const pods = () => client.resource<Pod>(PODS).namespace('default');

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > deadline) {
      throw new Error(
        `condition not reached; last value: ${JSON.stringify(v, null, 1).slice(0, 3000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

const isReady = (p: Pod) =>
  p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
const alive = (p: Pod) => !p.metadata?.deletionTimestamp;
const image = (p: Pod) => p.spec?.containers[0]?.image;

/** Pods of app `app` that are not being deleted. */
async function appPods(app: string): Promise<Pod[]> {
  return (await pods().list({ labelSelector: `app=${app}` })).items.filter(alive);
}

/** The test's kubelet: the pod is Running and Ready. */
async function markReady(p: Pod): Promise<void> {
  const now = new Date().toISOString();
  await pods().patch(
    p.metadata!.name!,
    'merge',
    {
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }],
      },
    },
    { subresource: 'status' },
  );
}

function deployment(
  name: string,
  replicas: number,
  extra: Partial<Deployment['spec']> = {},
): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] },
      },
      ...extra,
    },
  };
}

async function setImage(name: string, img: string): Promise<void> {
  await deployments().patch(name, 'strategic', {
    spec: { template: { spec: { containers: [{ name: 'web', image: img }] } } },
  });
}

/** Marks every live, unready pod of the app Ready until `count` of them are ready. */
async function readyAll(app: string, count: number): Promise<void> {
  await eventually(
    async () => {
      const ps = await appPods(app);
      for (const p of ps.filter((x) => !isReady(x))) await markReady(p);
      return ps;
    },
    (ps) => ps.length === count && ps.every(isReady),
  );
}

/** What `kubectl rollout status` checks before saying "successfully rolled out". */
function rolledOut(d: Deployment): boolean {
  const s = d.status ?? {};
  const want = d.spec?.replicas ?? 1;
  return (
    (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) &&
    (s.updatedReplicas ?? 0) === want &&
    (s.replicas ?? 0) === want &&
    (s.availableReplicas ?? 0) === want &&
    !!s.conditions?.some((c) => c.type === 'Progressing' && c.reason === 'NewReplicaSetAvailable')
  );
}

async function ownedSets(name: string): Promise<ReplicaSet[]> {
  const d = await deployments().get(name);
  return (await replicaSets().list()).items.filter((rs) =>
    rs.metadata?.ownerReferences?.some((o) => o.uid === d.metadata?.uid),
  );
}

describe('deployment → replica set → pods', () => {
  it('creates one ReplicaSet with a pod-template-hash and three owned pods', async () => {
    const d = await deployments().create(deployment('web', 3));
    const sets = await eventually(
      () => ownedSets('web'),
      (s) => s.length === 1,
    );
    const rs = sets[0]!;
    const hash = rs.metadata?.labels?.['pod-template-hash'];
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(rs.metadata?.name).toBe(`web-${hash}`);
    expect(rs.spec?.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(rs.metadata?.ownerReferences).toEqual([
      expect.objectContaining({
        kind: 'Deployment',
        name: 'web',
        uid: d.metadata?.uid,
        controller: true,
        blockOwnerDeletion: true,
      }),
    ]);
    const ps = await eventually(
      () => appPods('web'),
      (p) => p.length === 3,
    );
    for (const p of ps) {
      expect(p.metadata?.name).toMatch(new RegExp(`^web-${hash}-[a-z0-9]{5}$`));
      expect(p.metadata?.labels?.['pod-template-hash']).toBe(hash);
      expect(p.metadata?.ownerReferences).toEqual([
        expect.objectContaining({
          kind: 'ReplicaSet',
          uid: rs.metadata?.uid,
          controller: true,
          blockOwnerDeletion: true,
        }),
      ]);
    }
    const events = await client.resource<Event>(EVENTS).namespace('default').list();
    const reasons = events.items.map((e) => `${e.reason}: ${e.message}`);
    expect(reasons).toContain(`ScalingReplicaSet: Scaled up replica set web-${hash} to 3`);
    expect(
      reasons.filter((r) => r.startsWith(`SuccessfulCreate: Created pod: web-${hash}-`)),
    ).toHaveLength(3);
  });

  it('reports rollout status fields once the pods are ready', async () => {
    await readyAll('web', 3);
    const d = await eventually(() => deployments().get('web'), rolledOut);
    expect(d.status).toMatchObject({
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    expect(d.status?.observedGeneration).toBe(d.metadata?.generation);
    expect(d.status?.conditions?.find((c) => c.type === 'Available')).toMatchObject({
      status: 'True',
      reason: 'MinimumReplicasAvailable',
    });
    expect(d.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
  });

  it('replaces a deleted pod', async () => {
    const [victim] = await appPods('web');
    await pods().delete(victim!.metadata!.name!);
    const after = await eventually(
      () => appPods('web'),
      (ps) => ps.length === 3 && !ps.some((p) => p.metadata?.uid === victim!.metadata?.uid),
    );
    expect(after).toHaveLength(3);
  });

  it('scales to 5 and back to 1', async () => {
    await deployments().patch('web', 'merge', { spec: { replicas: 5 } });
    await eventually(
      () => appPods('web'),
      (ps) => ps.length === 5,
    );
    await deployments().patch('web', 'merge', { spec: { replicas: 1 } });
    await eventually(
      () => appPods('web'),
      (ps) => ps.length === 1,
    );
    const sets = await ownedSets('web');
    expect(sets.map((s) => s.spec?.replicas)).toEqual([1]);
    expect(sets[0]?.metadata?.annotations?.['deployment.kubernetes.io/desired-replicas']).toBe('1');
    await deployments().patch('web', 'merge', { spec: { replicas: 3 } });
    await readyAll('web', 3);
    await eventually(() => deployments().get('web'), rolledOut);
  });
});

/**
 * Watches an app's pods through an informer of the test's own and checks the rollout bounds on
 * every single pod change: live pods ≤ replicas + surge, ready live pods ≥ replicas − unavailable.
 */
async function watchBounds(app: string, maxTotal: number, minReady: number) {
  const f = new SharedInformerFactory(client, { clock: realClock });
  const stop = new AbortController();
  setMaxListeners(100, stop.signal);
  const inf = f.informerFor<Pod>(PODS, { labelSelector: `app=${app}` });
  const violations: string[] = [];
  let peakTotal = 0;
  // The initial list arrives one add at a time; judge only the states after it.
  let armed = false;
  const check = () => {
    if (!armed) return;
    const live = inf.lister().list().filter(alive);
    const ready = live.filter(isReady).length;
    peakTotal = Math.max(peakTotal, live.length);
    if (live.length > maxTotal) violations.push(`${live.length} pods > ${maxTotal}`);
    if (ready < minReady) violations.push(`${ready} ready < ${minReady}`);
  };
  inf.addEventHandler({ onAdd: check, onUpdate: check, onDelete: check });
  f.start(stop.signal);
  await f.waitForCacheSync(stop.signal);
  armed = true;
  check();
  return {
    violations,
    peak: () => peakTotal,
    async stop() {
      stop.abort();
      await f.shutdown();
    },
  };
}

/**
 * Plays kubelet through a rollout to `img`: whenever a new pod is waiting, marks one Ready, until
 * every pod runs `img` and is ready. Returns how many pods it marked.
 */
async function stepRollout(app: string, replicas: number, img: string): Promise<number> {
  let marked = 0;
  for (;;) {
    const ps = await eventually(
      () => appPods(app),
      (ps) =>
        ps.some((p) => image(p) === img && !isReady(p)) ||
        (ps.length === replicas && ps.every((p) => image(p) === img && isReady(p))),
    );
    const waiting = ps.find((p) => image(p) === img && !isReady(p));
    if (!waiting) return marked;
    await markReady(waiting);
    marked++;
  }
}

describe('rolling update', () => {
  it.each([
    { app: 'roll-a', replicas: 3, maxSurge: '25%', maxUnavailable: '25%', surge: 1, unavail: 0 },
    { app: 'roll-b', replicas: 4, maxSurge: '25%', maxUnavailable: '25%', surge: 1, unavail: 1 },
    { app: 'roll-c', replicas: 5, maxSurge: 2, maxUnavailable: 1, surge: 2, unavail: 1 },
    { app: 'roll-d', replicas: 3, maxSurge: 0, maxUnavailable: 1, surge: 0, unavail: 1 },
  ])(
    '$app: $replicas replicas, maxSurge $maxSurge, maxUnavailable $maxUnavailable stays within bounds',
    async ({ app, replicas, maxSurge, maxUnavailable, surge, unavail }) => {
      await deployments().create(
        deployment(app, replicas, {
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } },
        }),
      );
      await readyAll(app, replicas);
      await eventually(() => deployments().get(app), rolledOut);

      const bounds = await watchBounds(app, replicas + surge, replicas - unavail);
      await setImage(app, 'nginx:1.26');
      const marked = await stepRollout(app, replicas, 'nginx:1.26');
      const d = await eventually(() => deployments().get(app), rolledOut);
      await bounds.stop();

      expect(marked).toBe(replicas);
      expect(bounds.violations).toEqual([]);
      // The surge room was actually used (a rollout that never surged would pass trivially).
      if (surge > 0) expect(bounds.peak()).toBe(replicas + surge);
      const sets = await ownedSets(app);
      expect(sets).toHaveLength(2);
      const byRev = Object.fromEntries(
        sets.map((rs) => [rs.metadata?.annotations?.['deployment.kubernetes.io/revision'], rs]),
      );
      expect(byRev['1']?.spec?.replicas).toBe(0);
      expect(byRev['2']?.spec?.replicas).toBe(replicas);
      expect(byRev['2']?.spec?.template?.spec?.containers[0]?.image).toBe('nginx:1.26');
      expect(d.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
      expect(d.status).toMatchObject({
        replicas,
        updatedReplicas: replicas,
        availableReplicas: replicas,
      });
    },
  );

  it('rollout undo (template copied back from revision 1) scales the old set up and renumbers it', async () => {
    const app = 'roll-a';
    const sets = await ownedSets(app);
    const first = sets.find(
      (rs) => rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] === '1',
    )!;
    // What `kubectl rollout undo` sends: revision 1's template without the pod-template-hash label.
    const template = structuredClone(first.spec!.template!);
    delete template.metadata!.labels!['pod-template-hash'];
    await deployments().patch(app, 'merge', { spec: { template } });
    await stepRollout(app, 3, 'nginx:1.25');
    const d = await eventually(() => deployments().get(app), rolledOut);
    const after = await ownedSets(app);
    expect(after).toHaveLength(2);
    const back = after.find((rs) => rs.metadata?.uid === first.metadata?.uid)!;
    expect(back.spec?.replicas).toBe(3);
    expect(back.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(back.metadata?.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(d.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    const other = after.find((rs) => rs !== back)!;
    expect(other.spec?.replicas).toBe(0);
  });

  it('a paused deployment does not roll out until resumed', async () => {
    const app = 'roll-d';
    await deployments().patch(app, 'merge', { spec: { paused: true } });
    await setImage(app, 'nginx:1.27');
    const paused = await eventually(
      () => deployments().get(app),
      (d) => (d.status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0),
    );
    expect(paused.status?.conditions?.find((c) => c.type === 'Progressing')?.reason).toBe(
      'DeploymentPaused',
    );
    expect(await ownedSets(app)).toHaveLength(2);
    expect((await appPods(app)).every((p) => image(p) === 'nginx:1.26')).toBe(true);
    await deployments().patch(app, 'merge', { spec: { paused: false } });
    await stepRollout(app, 3, 'nginx:1.27');
    await eventually(() => deployments().get(app), rolledOut);
    expect(await ownedSets(app)).toHaveLength(3);
  });
});

describe('recreate', () => {
  it('removes every old pod before the first new one exists', async () => {
    const app = 'rec';
    await deployments().create(deployment(app, 3, { strategy: { type: 'Recreate' } }));
    await readyAll(app, 3);
    await eventually(() => deployments().get(app), rolledOut);
    const bounds = await watchBounds(app, 3, 0);
    let mixed = false;
    const probe = setInterval(() => {
      void appPods(app).then((ps) => {
        if (new Set(ps.map(image)).size > 1) mixed = true;
      });
    }, 10);
    await setImage(app, 'nginx:1.26');
    await stepRollout(app, 3, 'nginx:1.26');
    clearInterval(probe);
    await eventually(() => deployments().get(app), rolledOut);
    await bounds.stop();
    expect(bounds.violations).toEqual([]);
    expect(mixed).toBe(false);
  });
});

describe('garbage collection of a deployment', () => {
  async function setUp(app: string) {
    const d = await deployments().create(deployment(app, 2));
    const [rs] = await eventually(
      () => ownedSets(app),
      (s) => s.length === 1,
    );
    await eventually(
      () => appPods(app),
      (ps) => ps.length === 2,
    );
    return { d, rs: rs! };
  }
  const setsOf = async (app: string) =>
    (await replicaSets().list({ labelSelector: `app=${app}` })).items;

  it('background: the deployment goes at once, then its set and pods', async () => {
    await setUp('gc-bg');
    await deployments().delete('gc-bg', { propagationPolicy: 'Background' });
    await eventually(
      () => setsOf('gc-bg'),
      (s) => s.length === 0,
    );
    await eventually(
      () => appPods('gc-bg'),
      (ps) => ps.length === 0,
    );
  });

  it('foreground: pods and set go first, the deployment last', async () => {
    // Deletion order, read off the resourceVersions of the DELETED watch events (one global
    // sequence across resources).
    const f = new SharedInformerFactory(client, { clock: realClock });
    const stop = new AbortController();
    setMaxListeners(100, stop.signal);
    const deletedAt: Record<string, number[]> = { pod: [], rs: [], deploy: [] };
    const record = (kind: string) => (o: { metadata?: { resourceVersion?: string } }) =>
      deletedAt[kind]!.push(Number(o.metadata?.resourceVersion));
    const sel = { labelSelector: 'app=gc-fg' };
    f.informerFor<Pod>(PODS, sel).addEventHandler({ onDelete: record('pod') });
    f.informerFor<ReplicaSet>(REPLICA_SETS, sel).addEventHandler({ onDelete: record('rs') });
    f.informerFor<Deployment>(DEPLOYMENTS, {
      fieldSelector: 'metadata.name=gc-fg',
    }).addEventHandler({ onDelete: record('deploy') });
    await setUp('gc-fg');
    f.start(stop.signal);
    await f.waitForCacheSync(stop.signal);
    const marked = await deployments().delete('gc-fg', { propagationPolicy: 'Foreground' });
    expect((marked as Deployment).metadata?.finalizers).toContain('foregroundDeletion');
    await eventually(
      async () => deletedAt,
      (d) => d.deploy!.length === 1,
      20_000,
    );
    stop.abort();
    await f.shutdown();
    expect(await setsOf('gc-fg')).toEqual([]);
    expect(await appPods('gc-fg')).toEqual([]);
    expect(deletedAt.pod).toHaveLength(2);
    expect(deletedAt.rs).toHaveLength(1);
    expect(Math.max(...deletedAt.pod!)).toBeLessThan(deletedAt.rs![0]!);
    expect(deletedAt.rs![0]!).toBeLessThan(deletedAt.deploy![0]!);
  });

  it('orphan: the deployment goes, its set and pods stay without the owner reference', async () => {
    const { rs } = await setUp('gc-or');
    await deployments().delete('gc-or', { propagationPolicy: 'Orphan' });
    await eventually(
      () =>
        deployments()
          .get('gc-or')
          .then(
            () => false,
            () => true,
          ),
      (gone) => gone,
    );
    const sets = await eventually(
      () => setsOf('gc-or'),
      (s) => s.length === 1 && !s[0]!.metadata?.ownerReferences,
    );
    expect(sets[0]?.metadata?.uid).toBe(rs.metadata?.uid);
    const ps = await appPods('gc-or');
    expect(ps).toHaveLength(2);
    expect(ps.every((p) => p.metadata?.ownerReferences?.[0]?.uid === rs.metadata?.uid)).toBe(true);
  });
});
