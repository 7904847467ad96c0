// Jobs against a real API server: pods run `parallelism` at a time until `completions` succeed
// (the test plays the kubelet, marking pods Succeeded or Failed through /status), failed pods are
// replaced after a back-off measured on a fake clock, and too many failures fail the Job.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver';
import { ApiClient, HttpTransport, SharedInformerFactory } from '../../../src-cluster/client';
import { EventRecorder } from '../../../src-cluster/client/events/event-recorder';
import { RESOURCES } from '../../../src-cluster/api/resources';
import {
  DEFAULT_CONTROLLER_FLAGS,
  type ControllerContext,
} from '../../../src-cluster/controllers/framework/context';
import { createJobController } from '../../../src-cluster/controllers/job';
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

const jobs = () => client.resource<Job>(ref('batch', 'jobs')).namespace('default');
const pods = () => client.resource<Pod>(ref('', 'pods')).namespace('default');
const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await settle(50);
  }
}

const podsOf = async (job: string) =>
  (await pods().list({ labelSelector: `batch.kubernetes.io/job-name=${job}` })).items;
const running = (ps: Pod[]) =>
  ps.filter(
    (p) =>
      !['Succeeded', 'Failed'].includes(p.status?.phase ?? '') && !p.metadata?.deletionTimestamp,
  );

/** The kubelet's part: the pod's container exited. */
async function finish(pod: Pod, phase: 'Succeeded' | 'Failed') {
  const fresh = await pods().get(pod.metadata!.name!);
  await pods().updateStatus({ ...fresh, status: { ...fresh.status, phase } });
}

function job(name: string, spec: Partial<NonNullable<Job['spec']>>): Job {
  return {
    metadata: { name },
    spec: {
      ...spec,
      template: {
        spec: { restartPolicy: 'Never', containers: [{ name: 'work', image: 'busybox' }] },
      },
    },
  };
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
  const controller = createJobController(ctx);
  factory.start(ac.signal);
  await factory.waitForCacheSync(ac.signal);
  run = controller.run(ac.signal, 2);
});

afterAll(async () => {
  ac.abort();
  await run;
  transport?.close();
  await api?.stop();
});

describe('job controller', () => {
  it('runs 3 completions 2 at a time, then marks the Job Complete', async () => {
    await jobs().create(job('batch', { completions: 3, parallelism: 2 }));
    let ps = await eventually(
      () => podsOf('batch'),
      (p) => p.length === 2,
    );
    expect(running(ps)).toHaveLength(2);
    await settle();
    expect(await podsOf('batch')).toHaveLength(2); // never more than parallelism

    await finish(ps[0]!, 'Succeeded');
    ps = await eventually(
      () => podsOf('batch'),
      (p) => p.length === 3,
    );
    expect(running(ps)).toHaveLength(2);
    await settle();
    expect(await podsOf('batch')).toHaveLength(3); // only 1 completion left to start

    for (const p of running(ps)) await finish(p, 'Succeeded');
    const done = await eventually(
      () => jobs().get('batch'),
      (j) => !!j.status?.conditions?.some((c) => c.type === 'Complete'),
    );
    expect(done.status?.conditions?.find((c) => c.type === 'Complete')?.status).toBe('True');
    expect(done.status).toMatchObject({ succeeded: 3, active: 0 });
    expect(done.status?.completionTime).toBeTruthy();
    // Counted pods are released from the job-tracking finalizer.
    const released = await eventually(
      () => podsOf('batch'),
      (p) => p.every((x) => !(x.metadata?.finalizers ?? []).length),
    );
    expect(released.flatMap((p) => p.metadata?.finalizers ?? [])).toEqual([]);
    expect(released[0]?.metadata?.ownerReferences?.[0]).toMatchObject({
      kind: 'Job',
      name: 'batch',
      controller: true,
    });
  });

  it('replaces a failed pod after a 10 s back-off and fails the Job past backoffLimit', async () => {
    await jobs().create(job('flaky', { backoffLimit: 1 }));
    const [first] = await eventually(
      () => podsOf('flaky'),
      (p) => p.length === 1,
    );
    await finish(first!, 'Failed');
    const counted = await eventually(
      () => jobs().get('flaky'),
      (j) => j.status?.failed === 1,
    );
    expect(counted.status?.failed).toBe(1);
    await settle();
    expect(running(await podsOf('flaky'))).toHaveLength(0); // still backing off

    clock.advance(10_000);
    const ps = await eventually(
      () => podsOf('flaky'),
      (p) => running(p).length === 1,
    );
    await finish(running(ps)[0]!, 'Failed');
    const failed = await eventually(
      () => jobs().get('flaky'),
      (j) => !!j.status?.conditions?.some((c) => c.type === 'Failed'),
    );
    expect(failed.status?.conditions?.find((c) => c.type === 'Failed')).toMatchObject({
      status: 'True',
      reason: 'BackoffLimitExceeded',
    });
    expect(failed.status?.failed).toBe(2);
    await settle();
    expect(running(await podsOf('flaky'))).toHaveLength(0);
  });
});
