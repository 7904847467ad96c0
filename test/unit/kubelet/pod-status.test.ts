import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { generatePodStatus, type PodRuntimeView } from '../../../src-cluster/kubelet/pod-status';
import type { ContainerStatus } from '../../../src-cluster/kubelet/cri/runtime-service';
import { nanosFromMs } from '../../../src-cluster/kubelet/cri/runtime-service';

const T = Date.UTC(2026, 0, 1);

function ctr(
  name: string,
  state: ContainerStatus['state'],
  o: Partial<ContainerStatus> & { attempt?: number } = {},
): ContainerStatus {
  return {
    id: `${name}-${o.attempt ?? 0}`,
    metadata: { name, attempt: o.attempt ?? 0 },
    state,
    createdAt: nanosFromMs(T + (o.attempt ?? 0)),
    startedAt: nanosFromMs(T),
    finishedAt: state === 'CONTAINER_EXITED' ? nanosFromMs(T + 1000) : '0',
    exitCode: 0,
    image: { image: 'img' },
    imageRef: 'sha256:x',
    reason: '',
    message: '',
    labels: {},
    annotations: {},
    logPath: '',
    ...o,
  };
}

function pod(spec: Partial<Pod['spec']> = {}): Pod {
  return {
    metadata: { name: 'p', namespace: 'default', uid: 'u' },
    spec: { containers: [{ name: 'a', image: 'img' }], ...spec } as Pod['spec'],
    status: { phase: 'Pending', qosClass: 'BestEffort' },
  };
}

function view(containers: ContainerStatus[], o: Partial<PodRuntimeView> = {}): PodRuntimeView {
  return {
    sandbox: { ready: true, ip: '10.244.1.2' },
    containers,
    waiting: new Map(),
    ready: () => true,
    started: () => true,
    ...o,
  };
}

const gen = (p: Pod, v: PodRuntimeView) =>
  generatePodStatus(p, v, { now: T, hostIP: '10.0.0.1', runtimeName: 'sim' });
const cond = (s: ReturnType<typeof gen>, t: string) => s.conditions?.find((c) => c.type === t);

describe('pod status generation', () => {
  it('is Pending with ContainerCreating before any container exists', () => {
    const s = gen(pod(), view([]));
    expect(s.phase).toBe('Pending');
    expect(s.containerStatuses?.[0]?.state?.waiting?.reason).toBe('ContainerCreating');
    expect(cond(s, 'ContainersReady')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [a]',
    });
    expect(s.qosClass).toBe('BestEffort');
  });

  it('is Running and Ready when every container runs and is ready', () => {
    const s = gen(pod(), view([ctr('a', 'CONTAINER_RUNNING')]));
    expect(s.phase).toBe('Running');
    for (const t of [
      'PodScheduled',
      'Initialized',
      'ContainersReady',
      'Ready',
      'PodReadyToStartContainers',
    ])
      expect(cond(s, t)?.status, t).toBe('True');
    expect(s.podIP).toBe('10.244.1.2');
    expect(s.containerStatuses?.[0]?.containerID).toBe('sim://a-0');
  });

  it('is not Ready while a readiness probe has not succeeded', () => {
    const s = gen(pod(), view([ctr('a', 'CONTAINER_RUNNING')], { ready: () => false }));
    expect(s.phase).toBe('Running');
    expect(cond(s, 'Ready')?.status).toBe('False');
  });

  it('shows CrashLoopBackOff with the last termination, restartCount from the attempt, phase Running', () => {
    const s = gen(
      pod(),
      view([ctr('a', 'CONTAINER_EXITED', { attempt: 3, exitCode: 1, reason: 'Error' })], {
        waiting: new Map([['a', { reason: 'CrashLoopBackOff', message: 'back-off 40s' }]]),
      }),
    );
    const c = s.containerStatuses![0]!;
    expect(c.state?.waiting?.reason).toBe('CrashLoopBackOff');
    expect(c.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(c.restartCount).toBe(3);
    expect(s.phase).toBe('Running');
  });

  it('is Succeeded when all containers exit 0 under Never/OnFailure, Failed when one fails under Never', () => {
    const done = [ctr('a', 'CONTAINER_EXITED', { exitCode: 0, reason: 'Completed' })];
    expect(gen(pod({ restartPolicy: 'OnFailure' }), view(done)).phase).toBe('Succeeded');
    const failed = [ctr('a', 'CONTAINER_EXITED', { exitCode: 137, reason: 'OOMKilled' })];
    const s = gen(pod({ restartPolicy: 'Never' }), view(failed));
    expect(s.phase).toBe('Failed');
    expect(s.containerStatuses?.[0]?.state?.terminated?.reason).toBe('OOMKilled');
    expect(cond(s, 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
  });

  it('waits for init containers: Initialized False and regular containers PodInitializing', () => {
    const p = pod({ initContainers: [{ name: 'init', image: 'img' }] });
    const s = gen(p, view([ctr('init', 'CONTAINER_RUNNING')]));
    expect(s.phase).toBe('Pending');
    expect(cond(s, 'Initialized')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotInitialized',
      message: 'containers with incomplete status: [init]',
    });
    expect(s.containerStatuses?.[0]?.state?.waiting?.reason).toBe('PodInitializing');
    const after = gen(
      p,
      view([
        ctr('init', 'CONTAINER_EXITED', { reason: 'Completed' }),
        ctr('a', 'CONTAINER_RUNNING'),
      ]),
    );
    expect(cond(after, 'Initialized')?.status).toBe('True');
    expect(after.phase).toBe('Running');
  });

  it('keeps lastTransitionTime while a condition does not change', () => {
    const p = pod();
    p.status!.conditions = [
      { type: 'Ready', status: 'True', lastTransitionTime: '2025-01-01T00:00:00Z' },
    ];
    const s = gen(p, view([ctr('a', 'CONTAINER_RUNNING')]));
    expect(cond(s, 'Ready')?.lastTransitionTime).toBe('2025-01-01T00:00:00Z');
  });
});
