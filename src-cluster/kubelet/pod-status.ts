/**
 * Builds a pod's API status from what the runtime reports (pure functions, no I/O): container
 * states with upstream's reasons, restartCount from the CRI attempt, the phase rules and the
 * conditions PodReadyToStartContainers, Initialized, ContainersReady and Ready. Conditions keep
 * their lastTransitionTime while their status does not change; conditions the kubelet does not own
 * (PodScheduled, DisruptionTarget, readiness gates) are carried over.
 */
import type {
  Container,
  ContainerState as ApiContainerState,
  ContainerStatus as ApiContainerStatus,
  Pod,
  PodCondition,
  PodStatus,
} from 'kubernetes-types/core/v1';
import type { ContainerStatus } from './cri/runtime-service';
import { msFromNanos } from './cri/runtime-service';

export interface Waiting {
  reason: string;
  message?: string;
}

export interface PodRuntimeView {
  /** The current sandbox, if one exists. */
  sandbox?: { ready: boolean; ip: string };
  /** Every container instance of the pod the runtime still knows, any state. */
  containers: ContainerStatus[];
  /** Why a container that is not running waits (set by the pod worker). */
  waiting: ReadonlyMap<string, Waiting>;
  ready: (containerId: string) => boolean;
  started: (containerId: string) => boolean;
  /** The pod is being torn down for good (deletion): no container will restart. */
  terminating?: boolean;
}

/** The pod conditions the kubelet owns; others (PodScheduled, DisruptionTarget, …) it carries. */
export const KUBELET_CONDITIONS: ReadonlySet<string> = new Set([
  'PodReadyToStartContainers',
  'Initialized',
  'ContainersReady',
  'Ready',
]);
const OWNED = KUBELET_CONDITIONS;

export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Newest instance first, by attempt then creation. */
export function instancesOf(name: string, all: ContainerStatus[]): ContainerStatus[] {
  return all
    .filter((c) => c.metadata.name === name)
    .sort(
      (a, b) =>
        b.metadata.attempt - a.metadata.attempt ||
        msFromNanos(b.createdAt) - msFromNanos(a.createdAt),
    );
}

function terminated(c: ContainerStatus, runtimeName: string): ApiContainerState {
  return {
    terminated: {
      exitCode: c.exitCode,
      reason: c.reason || (c.exitCode === 0 ? 'Completed' : 'Error'),
      ...(c.message ? { message: c.message } : {}),
      startedAt: c.startedAt !== '0' ? rfc3339(msFromNanos(c.startedAt)) : undefined,
      finishedAt: rfc3339(msFromNanos(c.finishedAt)),
      containerID: `${runtimeName}://${c.id}`,
    },
  };
}

export function containerStatusFor(
  spec: Container,
  view: PodRuntimeView,
  defaultWaiting: string,
  runtimeName: string,
): ApiContainerStatus {
  const [latest, previous] = instancesOf(spec.name, view.containers);
  const waiting = view.waiting.get(spec.name);
  const base = { name: spec.name, image: spec.image ?? '', imageID: '' };
  if (!latest) {
    return {
      ...base,
      ready: false,
      started: false,
      restartCount: 0,
      state: { waiting: { reason: waiting?.reason ?? defaultWaiting, message: waiting?.message } },
      lastState: {},
    };
  }
  const id = `${runtimeName}://${latest.id}`;
  const fix = (c: ContainerStatus) => terminated(c, runtimeName);
  const common = {
    ...base,
    imageID: latest.imageRef,
    containerID: id,
    restartCount: latest.metadata.attempt,
  };
  if (latest.state === 'CONTAINER_RUNNING') {
    return {
      ...common,
      ready: view.ready(latest.id),
      started: view.started(latest.id),
      state: { running: { startedAt: rfc3339(msFromNanos(latest.startedAt)) } },
      lastState: previous?.state === 'CONTAINER_EXITED' ? fix(previous) : {},
    };
  }
  if (latest.state === 'CONTAINER_EXITED' && waiting && !view.terminating) {
    // Exited and waiting to restart (CrashLoopBackOff, or an image problem on the next attempt).
    return {
      ...common,
      ready: false,
      started: false,
      state: { waiting: { reason: waiting.reason, message: waiting.message } },
      lastState: fix(latest),
    };
  }
  if (latest.state === 'CONTAINER_EXITED') {
    return {
      ...common,
      ready: false,
      started: false,
      state: fix(latest),
      lastState: previous?.state === 'CONTAINER_EXITED' ? fix(previous) : {},
    };
  }
  return {
    ...common,
    ready: false,
    started: false,
    state: { waiting: { reason: waiting?.reason ?? defaultWaiting, message: waiting?.message } },
    lastState: {},
  };
}

/** Upstream's getPhase over init and regular container statuses. */
export function podPhase(pod: Pod, init: ApiContainerStatus[], regular: ApiContainerStatus[]) {
  const policy = pod.spec?.restartPolicy ?? 'Always';
  for (const s of init) {
    if (s.state?.terminated?.exitCode === 0) continue;
    // A failed init container fails the pod only when it will not be retried.
    if (s.state?.terminated && policy === 'Never') return 'Failed';
    return 'Pending';
  }
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const s of regular) {
    if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) stopped++;
      else waiting++;
    }
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    return policy === 'OnFailure' ? 'Running' : 'Failed';
  }
  return 'Pending';
}

function condition(
  old: PodCondition[],
  type: string,
  ok: boolean,
  now: number,
  reason?: string,
  message?: string,
): PodCondition {
  const status = ok ? 'True' : 'False';
  const prev = old.find((c) => c.type === type);
  return {
    type,
    status,
    lastProbeTime: null as unknown as string,
    lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : rfc3339(now),
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
  };
}

/** The full status the kubelet reports for a pod. */
/**
 * The status to build on: what the kubelet itself last computed for the pod (its status
 * manager's cache, as upstream), not the API object's, which lags behind the kubelet's own
 * in-flight patches — building on the stored status made two overlapping syncs re-stamp
 * startTime/transition times alternately and patch the pod hundreds of times a second.
 * Conditions the kubelet does not own (PodScheduled, DisruptionTarget, readiness gates set by
 * others) still come from the API object.
 */
export function baseStatus(api: PodStatus | undefined, cached: PodStatus | undefined): PodStatus {
  if (!cached) return api ?? {};
  const foreign = (api?.conditions ?? []).filter((c) => !OWNED.has(c.type));
  const owned = (cached.conditions ?? []).filter((c) => OWNED.has(c.type));
  return { ...api, ...cached, conditions: [...foreign, ...owned] };
}

export function generatePodStatus(
  pod: Pod,
  view: PodRuntimeView,
  opts: { now: number; hostIP: string; runtimeName: string },
): PodStatus {
  const old = pod.status ?? {};
  const oldConds = old.conditions ?? [];
  const initSpecs = pod.spec?.initContainers ?? [];
  const init = initSpecs.map((c) =>
    containerStatusFor(c, view, 'PodInitializing', opts.runtimeName),
  );
  const initDone = init.every((s) => s.state?.terminated?.exitCode === 0);
  const regular = (pod.spec?.containers ?? []).map((c) =>
    containerStatusFor(
      c,
      view,
      initDone ? 'ContainerCreating' : 'PodInitializing',
      opts.runtimeName,
    ),
  );
  for (const s of init) s.ready = s.state?.terminated?.exitCode === 0;
  let phase = podPhase(pod, init, regular);
  if (
    view.terminating &&
    phase !== 'Succeeded' &&
    phase !== 'Failed' &&
    !regular.some((s) => s.state?.running)
  ) {
    phase =
      regular.length && regular.every((s) => s.state?.terminated?.exitCode === 0)
        ? 'Succeeded'
        : 'Failed';
  }
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const now = opts.now;
  const notInit = init.filter((s) => s.state?.terminated?.exitCode !== 0).map((s) => s.name);
  const notReady = regular.filter((s) => !s.ready).map((s) => s.name);
  const gates = (pod.spec?.readinessGates ?? []).map((g) => g.conditionType);
  const gatesOk = gates.every((g) => oldConds.find((c) => c.type === g)?.status === 'True');
  const containersReady = notReady.length === 0 && !terminal;
  const conds: PodCondition[] = [
    condition(oldConds, 'PodReadyToStartContainers', !!view.sandbox?.ready, now),
    notInit.length === 0 || (terminal && initDone)
      ? condition(oldConds, 'Initialized', true, now)
      : condition(
          oldConds,
          'Initialized',
          false,
          now,
          'ContainersNotInitialized',
          `containers with incomplete status: [${notInit.join(' ')}]`,
        ),
    terminal
      ? condition(oldConds, 'ContainersReady', false, now, 'PodCompleted')
      : containersReady
        ? condition(oldConds, 'ContainersReady', true, now)
        : condition(
            oldConds,
            'ContainersReady',
            false,
            now,
            'ContainersNotReady',
            `containers with unready status: [${notReady.join(' ')}]`,
          ),
    terminal
      ? condition(oldConds, 'Ready', false, now, 'PodCompleted')
      : containersReady && gatesOk
        ? condition(oldConds, 'Ready', true, now)
        : condition(
            oldConds,
            'Ready',
            false,
            now,
            'ContainersNotReady',
            `containers with unready status: [${notReady.join(' ')}]`,
          ),
  ];
  const carried = oldConds.filter((c) => !OWNED.has(c.type));
  if (!carried.some((c) => c.type === 'PodScheduled'))
    carried.unshift(condition(oldConds, 'PodScheduled', true, now));
  // A hostNetwork pod has the node's address (its sandbox has no IP of its own).
  const sandboxIp = pod.spec?.hostNetwork ? opts.hostIP : view.sandbox?.ip;
  const ip = view.sandbox?.ready ? sandboxIp : (old.podIP ?? '');
  return {
    ...old,
    phase,
    conditions: [...carried, ...conds],
    hostIP: opts.hostIP,
    hostIPs: [{ ip: opts.hostIP }],
    ...(ip ? { podIP: ip, podIPs: [{ ip }] } : {}),
    startTime: old.startTime ?? rfc3339(now),
    ...(init.length ? { initContainerStatuses: init } : {}),
    containerStatuses: regular,
    qosClass: old.qosClass,
  };
}
