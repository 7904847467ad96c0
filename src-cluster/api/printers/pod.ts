/**
 * Pods: the most-read table in Kubernetes. The Status cell condenses phase, init progress and
 * container states into one word the way kubectl users expect (Running, Init:1/2, CrashLoopBackOff,
 * Completed, Terminating…). Semantics follow upstream's printer as of 1.29, including native
 * sidecars (init containers with restartPolicy Always count as app containers once started).
 *
 * Restarts stays an integer cell. Newer servers print "2 (5m ago)"; kubectl 1.20 and 1.32 both print
 * whatever cell they get, but an integer is what the 1.20-era column type promises, so scripts that
 * parse it keep working.
 */
import type { Container, ContainerStatus, Pod, PodStatus } from 'kubernetes-types/core/v1';
import { AGE_COLUMN, column, nameColumn, wideColumn } from './columns';
import { ageSince } from './duration';
import { NONE } from './format';
import { definePrinter, type TableRowCondition } from './table';

const COLUMNS = [
  nameColumn(),
  column('Ready', 'Ready containers out of all containers in the pod.'),
  column('Status', 'One-word summary of the pod and its containers.'),
  column('Restarts', 'Total container restarts.', 'integer'),
  AGE_COLUMN,
  wideColumn('IP', 'The pod IP address.'),
  wideColumn('Node', 'The node the pod is bound to.'),
  wideColumn('Nominated Node', 'Node where preemption made room for this pod, before binding.'),
  wideColumn('Readiness Gates', 'Readiness gates that are true out of all declared.'),
];

/** The node controller's status.reason for pods on a node that stopped reporting. */
const NODE_LOST_REASON = 'NodeLost';

function isSidecar(spec: Container | undefined): boolean {
  return spec?.restartPolicy === 'Always';
}

function conditionTrue(status: PodStatus | undefined, type: string): boolean {
  return (status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

/** "Init:<reason>", "Init:Signal:9" or "Init:ExitCode:1" for a failed init container. */
function terminatedReason(cs: ContainerStatus, prefix: string): string {
  const t = cs.state!.terminated!;
  if (t.reason) return `${prefix}${t.reason}`;
  if (t.signal) return `${prefix}Signal:${t.signal}`;
  return `${prefix}ExitCode:${t.exitCode ?? 0}`;
}

interface PodSummary {
  ready: number;
  total: number;
  status: string;
  restarts: number;
}

/** Ready/total, the Status word and the restart count for one pod. */
export function summarizePod(pod: Pod): PodSummary {
  const spec = pod.spec;
  const status = pod.status;
  const initSpecs = new Map((spec?.initContainers ?? []).map((c) => [c.name, c]));
  const sidecarCount = [...initSpecs.values()].filter(isSidecar).length;
  const total = (spec?.containers ?? []).length + sidecarCount;
  let ready = 0;
  let reason = status?.reason || status?.phase || '';
  if (
    (status?.conditions ?? []).some(
      (c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated',
    )
  ) {
    reason = 'SchedulingGated';
  }

  // Init containers run in order; the first one that has not finished explains the pod.
  let restarts = 0;
  let sidecarRestarts = 0;
  let initializing = false;
  const initStatuses = status?.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i]!;
    const sidecar = isSidecar(initSpecs.get(cs.name));
    restarts += cs.restartCount ?? 0;
    if (sidecar) sidecarRestarts += cs.restartCount ?? 0;
    const state = cs.state ?? {};
    if (state.terminated && (state.terminated.exitCode ?? 0) === 0) continue;
    if (sidecar && cs.started === true) {
      if (cs.ready) ready++;
      continue;
    }
    initializing = true;
    if (state.terminated) reason = terminatedReason(cs, 'Init:');
    else if (state.waiting?.reason && state.waiting.reason !== 'PodInitializing')
      reason = `Init:${state.waiting.reason}`;
    else reason = `Init:${i}/${(spec?.initContainers ?? []).length}`;
    break;
  }

  if (!initializing || conditionTrue(status, 'Initialized')) {
    restarts = sidecarRestarts;
    let hasRunning = false;
    // Walk backwards so the first container's state wins, as kubectl users are used to.
    const statuses = status?.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i]!;
      restarts += cs.restartCount ?? 0;
      const state = cs.state ?? {};
      if (state.waiting?.reason) reason = state.waiting.reason;
      else if (state.terminated?.reason) reason = state.terminated.reason;
      else if (state.terminated) reason = terminatedReason(cs, '');
      else if (cs.ready && state.running) {
        hasRunning = true;
        ready++;
      }
    }
    // One container finished but another still runs: the pod as a whole is not "Completed".
    if (reason === 'Completed' && hasRunning) {
      reason = conditionTrue(status, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata?.deletionTimestamp) {
    reason = status?.reason === NODE_LOST_REASON ? 'Unknown' : 'Terminating';
  }
  return { ready, total, status: reason, restarts };
}

function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return NONE;
  const conditions = pod.status?.conditions ?? [];
  const passed = gates.filter(
    (g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True',
  ).length;
  return `${passed}/${gates.length}`;
}

function podConditions(pod: Pod): TableRowCondition[] | undefined {
  const phase = pod.status?.phase;
  if (phase !== 'Succeeded' && phase !== 'Failed') return undefined;
  const message =
    phase === 'Succeeded' ? 'All containers exited successfully.' : 'The pod has failed.';
  return [{ type: 'Completed', status: 'True', reason: phase, message }];
}

export const podPrinter = definePrinter<Pod>(
  COLUMNS,
  (pod, now) => {
    const s = summarizePod(pod);
    // podIPs is authoritative; a kubelet that only set podIP still gets its address shown.
    const ip = pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || NONE;
    return [
      pod.metadata?.name ?? '',
      `${s.ready}/${s.total}`,
      s.status,
      s.restarts,
      ageSince(pod.metadata?.creationTimestamp, now),
      ip,
      pod.spec?.nodeName || NONE,
      pod.status?.nominatedNodeName || NONE,
      readinessGates(pod),
    ];
  },
  podConditions,
);
