// The Deployment and ReplicaSet controllers against a real kubelab API server. There is no kubelet
// here: where a step needs pods to be Ready, the test plays kubelet by writing pod status through
// /status, one pod at a time, and checks the rollout's bounds after every single pod change.
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
