/**
 * Pure rules of node health: which conditions the controller takes over when a kubelet goes
 * silent, and which taints a node's conditions call for. No I/O, so every rule is unit-testable.
 */
import type { Node, NodeCondition, Taint } from 'kubernetes-types/core/v1';
import {
  TAINT_DISK_PRESSURE,
  TAINT_MEMORY_PRESSURE,
  TAINT_NETWORK_UNAVAILABLE,
  TAINT_NOT_READY,
  TAINT_PID_PRESSURE,
  TAINT_UNREACHABLE,
  TAINT_UNSCHEDULABLE,
} from '../framework/taints';
import { mutableCopy } from '../framework/deep-mutable';

export const NODE_STATUS_UNKNOWN = 'NodeStatusUnknown';
export const KUBELET_STOPPED_POSTING = 'Kubelet stopped posting node status.';
export const NODE_STATUS_NEVER_UPDATED = 'NodeStatusNeverUpdated';
export const KUBELET_NEVER_POSTED = 'Kubelet never posted node status.';

/** Conditions the kubelet reports; when it goes silent nobody knows them any more. */
const KUBELET_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

export function nodeCondition(node: Node, type: string): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === type);
}

/** Ready's status ("True" | "False" | "Unknown"), undefined for a node that never reported. */
export function readyStatus(node: Node): string | undefined {
  return nodeCondition(node, 'Ready')?.status;
}

/**
 * A copy of node whose kubelet-owned conditions are Unknown (reason NodeStatusUnknown), or
 * undefined when they already are. A node that never reported Ready gets one, Unknown. The
 * heartbeat times are kept: they record the last time the kubelet spoke, which is the point.
 */
export function withConditionsUnknown(node: Node, now: string): Node | undefined {
  const copy = mutableCopy(node);
  const status = (copy.status ??= {});
  const conditions = (status.conditions ??= []);
  let changed = false;
  if (!conditions.some((c) => c.type === 'Ready')) {
    conditions.push({
      type: 'Ready',
      status: 'Unknown',
      reason: NODE_STATUS_NEVER_UPDATED,
      message: KUBELET_NEVER_POSTED,
      lastHeartbeatTime: now,
      lastTransitionTime: now,
    });
    changed = true;
  }
  for (const c of conditions) {
    if (!KUBELET_CONDITIONS.includes(c.type) || c.status === 'Unknown') continue;
    c.status = 'Unknown';
    c.reason = NODE_STATUS_UNKNOWN;
    c.message = KUBELET_STOPPED_POSTING;
    c.lastTransitionTime = now;
    changed = true;
  }
  return changed ? copy : undefined;
}

/** The NoSchedule taints a node's conditions call for (TaintNodesByCondition). */
export function noScheduleTaints(node: Node): Taint[] {
  const out: Taint[] = [];
  const add = (key: string) => out.push({ key, effect: 'NoSchedule' });
  const ready = readyStatus(node);
  if (ready === 'False') add(TAINT_NOT_READY);
  if (ready === 'Unknown') add(TAINT_UNREACHABLE);
  if (nodeCondition(node, 'MemoryPressure')?.status === 'True') add(TAINT_MEMORY_PRESSURE);
  if (nodeCondition(node, 'DiskPressure')?.status === 'True') add(TAINT_DISK_PRESSURE);
  if (nodeCondition(node, 'PIDPressure')?.status === 'True') add(TAINT_PID_PRESSURE);
  if (nodeCondition(node, 'NetworkUnavailable')?.status === 'True') add(TAINT_NETWORK_UNAVAILABLE);
  if (node.spec?.unschedulable) add(TAINT_UNSCHEDULABLE);
  return out;
}

/** The NoExecute taint taint-based eviction wants (unreachable for Unknown, not-ready for False). */
export function noExecuteTaint(node: Node): Taint | undefined {
  const ready = readyStatus(node);
  if (ready === 'Unknown') return { key: TAINT_UNREACHABLE, effect: 'NoExecute' };
  if (ready === 'False') return { key: TAINT_NOT_READY, effect: 'NoExecute' };
  return undefined;
}

const MANAGED_NO_SCHEDULE = [
  TAINT_NOT_READY,
  TAINT_UNREACHABLE,
  TAINT_MEMORY_PRESSURE,
  TAINT_DISK_PRESSURE,
  TAINT_PID_PRESSURE,
  TAINT_NETWORK_UNAVAILABLE,
  TAINT_UNSCHEDULABLE,
];
const MANAGED_NO_EXECUTE = [TAINT_NOT_READY, TAINT_UNREACHABLE];

/** True for a taint this controller adds and removes (everything else belongs to users). */
export function isManagedTaint(t: Taint): boolean {
  if (t.effect === 'NoSchedule') return MANAGED_NO_SCHEDULE.includes(t.key);
  if (t.effect === 'NoExecute') return MANAGED_NO_EXECUTE.includes(t.key);
  return false;
}

const same = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;

/**
 * The node's taints with the managed ones replaced by `desired`: users' taints stay as they are,
 * managed taints that are still wanted keep their timeAdded (eviction timers count from it), new
 * NoExecute taints get timeAdded = now. Returns undefined when nothing changes.
 */
export function mergeTaints(
  current: readonly Taint[],
  desired: readonly Taint[],
  now: string,
): Taint[] | undefined {
  const kept = current.filter((t) => !isManagedTaint(t) || desired.some((d) => same(d, t)));
  const added = desired
    .filter((d) => !current.some((t) => same(d, t)))
    .map((d) => (d.effect === 'NoExecute' ? { ...d, timeAdded: now } : { ...d }));
  if (kept.length === current.length && added.length === 0) return undefined;
  return [...kept.map((t) => structuredClone(t) as Taint), ...added];
}
