/**
 * Which API changes matter to the scheduler, and the status patch it writes for a pod it could not
 * place. Kept apart from the engine so the rules are easy to read and to test.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { DECISION_ANNOTATION } from './decision';

/**
 * Did a pending pod change in a way that could change the decision? Status and resourceVersion
 * do not count, nor does our own decision annotation — otherwise writing it would re-queue the pod
 * and write it again, forever.
 */
export function isPodUpdated(o: Pod, n: Pod): boolean {
  const strip = (p: Pod) => {
    const annotations = { ...(p.metadata?.annotations ?? {}) };
    delete annotations[DECISION_ANNOTATION];
    return JSON.stringify([p.spec, p.metadata?.labels, annotations]);
  };
  return strip(o) !== strip(n);
}

/**
 * Did a node change in a way that could let a rejected pod in? Heartbeats (conditions'
 * lastHeartbeatTime every 10 s per node) must not count, or every pending pod would be retried
 * every few seconds for nothing.
 */
export function nodeSchedulingChanged(o: Node, n: Node): boolean {
  const facts = (x: Node) =>
    JSON.stringify([
      x.metadata?.labels,
      x.spec?.taints,
      x.spec?.unschedulable,
      x.status?.allocatable,
      (x.status?.conditions ?? []).map((c) => [c.type, c.status]),
    ]);
  return facts(o) !== facts(n);
}

/**
 * Strategic merge patch for pods/status setting PodScheduled=False (conditions merge by type, so
 * other conditions are kept), or undefined if the pod already says exactly that.
 */
export function podStatusPatch(
  pod: Pod,
  reason: string,
  message: string,
  now: number,
  nominatedNodeName?: string,
): Record<string, unknown> | undefined {
  const cur = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  const same =
    cur?.status === 'False' &&
    cur.reason === reason &&
    cur.message === message &&
    (nominatedNodeName ?? undefined) === (pod.status?.nominatedNodeName ?? undefined);
  if (same) return undefined;
  const ts = new Date(Math.floor(now / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  return {
    status: {
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason,
          message,
          lastProbeTime: null,
          lastTransitionTime: cur?.status === 'False' ? cur.lastTransitionTime : ts,
        },
      ],
      ...(nominatedNodeName ? { nominatedNodeName } : {}),
    },
  };
}
