/**
 * What a DaemonSet sync should do, decided from the node list and the set's pods (pure):
 * - a node that fits and has no pod gets one — once any failed or terminating pod there is gone,
 *   so a node never runs two copies of a daemon (it may hold a host port);
 * - a node that fits keeps its oldest running pod; extra copies and failed pods are deleted;
 * - a node that no longer fits loses its pods;
 * - RollingUpdate replaces pods of an older template: unavailable ones at once, available ones
 *   only while fewer than maxUnavailable nodes are without an available daemon.
 * It also computes the status `kubectl get ds` prints.
 */
import type { DaemonSet, DaemonSetStatus } from 'kubernetes-types/apps/v1';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { scaledValue } from '../framework/int-or-percent';
import { podIsAvailable, podIsReady } from '../framework/pod-availability';
import { REVISION_HASH } from './daemon-pod';
import { unfitReason } from './node-fit';

export interface DaemonPlan {
  /** Nodes to create a pod on. */
  create: string[];
  delete: Pod[];
  status: DaemonSetStatus;
}

const finished = (p: Pod) => p.status?.phase === 'Failed' || p.status?.phase === 'Succeeded';
const created = (p: Pod) => Date.parse(p.metadata?.creationTimestamp ?? '') || 0;

export function planDaemons(
  ds: DaemonSet,
  nodes: readonly Node[],
  podsByNode: ReadonlyMap<string, readonly Pod[]>,
  hash: string,
  nowMs: number,
): DaemonPlan {
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const create: string[] = [];
  const del: Pod[] = [];
  /** The one pod each fitting node keeps (undefined: none running). */
  const kept = new Map<string, Pod | undefined>();
  let misscheduled = 0;
  for (const node of nodes) {
    const name = node.metadata!.name!;
    const pods = podsByNode.get(name) ?? [];
    const live = pods.filter((p) => !p.metadata?.deletionTimestamp);
    const running = live.filter((p) => !finished(p)).sort((a, b) => created(a) - created(b));
    if (unfitReason(ds.spec?.template?.spec, node) !== undefined) {
      if (running.length > 0) misscheduled++;
      del.push(...live);
      continue;
    }
    del.push(...live.filter(finished), ...running.slice(1));
    kept.set(name, running[0]);
    if (running.length === 0 && live.length === 0 && pods.length === 0) create.push(name);
  }

  const keptPods = [...kept.values()].filter((p): p is Pod => !!p);
  const desired = kept.size;
  const available = keptPods.filter((p) => podIsAvailable(p, minReady, nowMs)).length;
  if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
    const maxUnavailable = Math.max(
      1,
      scaledValue(ds.spec?.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1, desired, true),
    );
    const old = keptPods.filter((p) => p.metadata?.labels?.[REVISION_HASH] !== hash);
    const [oldAvailable, oldUnavailable] = [
      old.filter((p) => podIsAvailable(p, minReady, nowMs)),
      old.filter((p) => !podIsAvailable(p, minReady, nowMs)),
    ];
    del.push(...oldUnavailable);
    const budget = maxUnavailable - (desired - available);
    del.push(...oldAvailable.slice(0, Math.max(0, budget)));
  }

  const status: DaemonSetStatus = {
    desiredNumberScheduled: desired,
    currentNumberScheduled: keptPods.length,
    numberMisscheduled: misscheduled,
    numberReady: keptPods.filter(podIsReady).length,
    numberAvailable: available,
    numberUnavailable: desired - available,
    updatedNumberScheduled: keptPods.filter((p) => p.metadata?.labels?.[REVISION_HASH] === hash)
      .length,
    observedGeneration: ds.metadata?.generation,
    ...(ds.status?.collisionCount !== undefined
      ? { collisionCount: ds.status.collisionCount }
      : {}),
  };
  return { create, delete: del, status };
}
