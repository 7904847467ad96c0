/**
 * DefaultPreemption (PostFilter): when no node fits, look for a node where evicting pods of lower
 * priority would make room. On each node that failed for a reason eviction can fix, remove every
 * lower-priority pod, check the pod fits, then put victims back (highest priority first) while it
 * still fits — the ones that cannot go back are the victims. Among candidates prefer the lowest
 * highest-victim priority, then the smallest priority sum, then the fewest victims.
 *
 * When nothing helps, the message explains why per node, and ends up after "preemption:" in the
 * FailedScheduling event. PodDisruptionBudgets are not consulted (see README).
 */
import type { ClusterEvent, Handle, PostFilterPlugin } from '../../framework/interface';
import { fitErrorMessage } from '../../framework/fit-error';
import { podPriority, type PodInfo } from '../../framework/pod-info';
import { Status } from '../../framework/status';

export const DEFAULT_PREEMPTION = 'DefaultPreemption';
export const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_VICTIMS = 'No preemption victims found for incoming pod';

interface Candidate {
  node: string;
  victims: PodInfo[];
}

function better(a: Candidate, b: Candidate): boolean {
  const top = (c: Candidate) => Math.max(...c.victims.map((v) => podPriority(v.pod)));
  const sum = (c: Candidate) => c.victims.reduce((s, v) => s + podPriority(v.pod), 0);
  if (top(a) !== top(b)) return top(a) < top(b);
  if (sum(a) !== sum(b)) return sum(a) < sum(b);
  return a.victims.length < b.victims.length;
}

export class DefaultPreemption implements PostFilterPlugin {
  readonly name = DEFAULT_PREEMPTION;

  constructor(private readonly handle: Handle) {}

  events(): ClusterEvent[] {
    return ['AssignedPodDelete'];
  }

  postFilter: PostFilterPlugin['postFilter'] = (state, pod, rejected) => {
    if (pod.pod.spec?.preemptionPolicy === 'Never') {
      return {
        status: Status.unschedulable('preemption: not eligible due to preemptionPolicy=Never.'),
      };
    }
    const prio = podPriority(pod.pod);
    const nominated = pod.pod.status?.nominatedNodeName;
    if (nominated) {
      // Victims chosen earlier are still terminating: wait for them instead of evicting more.
      const n = this.handle.snapshot.get(nominated);
      const terminating = [...(n?.pods.values() ?? [])].some(
        (p) => p.pod.metadata?.deletionTimestamp && podPriority(p.pod) < prio,
      );
      if (terminating) {
        return {
          status: Status.unschedulable(
            'preemption: not eligible due to a terminating pod on the nominated node.',
          ),
        };
      }
    }
    const nodes = this.handle.snapshot.list();
    const statuses = new Map<string, Status>();
    let best: Candidate | undefined;
    for (const node of nodes) {
      const st = rejected.get(node.name);
      if (!st || st.code !== 'Unschedulable') {
        statuses.set(node.name, Status.unresolvable(NOT_HELPFUL));
        continue;
      }
      const lower = [...node.pods.values()].filter((p) => podPriority(p.pod) < prio);
      if (lower.length === 0) {
        statuses.set(node.name, Status.unresolvable(NO_VICTIMS));
        continue;
      }
      const whatIf = node.clone();
      for (const v of lower) whatIf.removePod(v.key);
      const fits = this.handle.runFilterPlugins(state, pod, whatIf);
      if (!fits.isSuccess()) {
        statuses.set(node.name, fits);
        continue;
      }
      lower.sort((a, b) => podPriority(b.pod) - podPriority(a.pod));
      const victims: PodInfo[] = [];
      for (const v of lower) {
        whatIf.addPod(v);
        if (!this.handle.runFilterPlugins(state, pod, whatIf).isSuccess()) {
          whatIf.removePod(v.key);
          victims.push(v);
        }
      }
      const c = { node: node.name, victims };
      if (!best || better(c, best)) best = c;
    }
    if (!best) {
      const msg = fitErrorMessage({ numAllNodes: nodes.length, nodeStatuses: statuses });
      return { status: Status.unschedulable(`preemption: ${msg}`) };
    }
    return {
      result: { nominatedNodeName: best.node, victims: best.victims },
      status: Status.SUCCESS,
    };
  };
}
