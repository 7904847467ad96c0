/**
 * PodTopologySpread. Filter (DoNotSchedule constraints): placing the pod in a node's domain must
 * keep `count(domain) + self − min(count over eligible domains) ≤ maxSkew`. Score (ScheduleAnyway
 * constraints, or the system defaults for pods of a Service/ReplicaSet): the fewer matching pods
 * in the node's domains, the higher.
 */
import type {
  ClusterEvent,
  FilterPlugin,
  Handle,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from '../../framework/interface';
import { MAX_NODE_SCORE } from '../../framework/interface';
import { Status } from '../../framework/status';
import {
  countMatching,
  hardConstraints,
  LABEL_HOSTNAME,
  nodeCounts,
  softConstraints,
  type Constraint,
} from './constraints';

export const POD_TOPOLOGY_SPREAD = 'PodTopologySpread';
export const ERR_MISSING_LABEL =
  "node(s) didn't match pod topology spread constraints (missing required label)";
export const ERR_CONSTRAINTS = "node(s) didn't match pod topology spread constraints";

const PRE_FILTER_KEY = 'PreFilter' + POD_TOPOLOGY_SPREAD;
const PRE_SCORE_KEY = 'PreScore' + POD_TOPOLOGY_SPREAD;

interface FilterState {
  constraints: Constraint[];
  /** per constraint: domain value → matching pods */
  counts: Map<string, number>[];
  /** per constraint: the smallest count over eligible domains (0 if fewer than minDomains) */
  minCount: number[];
}

interface ScoreState {
  constraints: Constraint[];
  counts: Map<string, number>[];
  weights: number[];
  /** Nodes missing a key of a user-given constraint: scored 0. */
  ignored: Set<string>;
}

export class PodTopologySpread
  implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin
{
  readonly name = POD_TOPOLOGY_SPREAD;

  constructor(private readonly handle: Handle) {}

  events(): ClusterEvent[] {
    return ['NodeAdd', 'NodeUpdate', 'AssignedPodAdd', 'AssignedPodUpdate', 'AssignedPodDelete'];
  }

  preFilter: PreFilterPlugin['preFilter'] = (state, pod, nodes) => {
    const constraints = hardConstraints(pod.pod);
    if (constraints.length === 0) return Status.SKIP;
    const ns = pod.pod.metadata?.namespace ?? 'default';
    const counts = constraints.map(() => new Map<string, number>());
    for (const node of nodes) {
      const labels = node.node.metadata?.labels ?? {};
      // A node counts only if it has every constraint's key (upstream's rule for hard spread).
      if (!constraints.every((c) => labels[c.topologyKey] !== undefined)) continue;
      constraints.forEach((c, i) => {
        if (!nodeCounts(pod.pod, c, node)) return;
        const v = labels[c.topologyKey]!;
        counts[i]!.set(v, (counts[i]!.get(v) ?? 0) + countMatching(node, c, ns));
      });
    }
    const minCount = constraints.map((c, i) => {
      const m = counts[i]!;
      if (m.size < c.minDomains) return 0;
      let min = Infinity;
      for (const n of m.values()) min = Math.min(min, n);
      return min === Infinity ? 0 : min;
    });
    state.write<FilterState>(PRE_FILTER_KEY, { constraints, counts, minCount });
    return Status.SUCCESS;
  };

  filter: FilterPlugin['filter'] = (state, pod, node) => {
    const s = state.read<FilterState>(PRE_FILTER_KEY);
    const labels = node.node.metadata?.labels ?? {};
    const podLabels = pod.pod.metadata?.labels;
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i]!;
      const v = labels[c.topologyKey];
      if (v === undefined) return Status.unresolvable(ERR_MISSING_LABEL);
      const self = c.selector.matches(podLabels) ? 1 : 0;
      const skew = (s.counts[i]!.get(v) ?? 0) + self - s.minCount[i]!;
      if (skew > c.maxSkew) return Status.unschedulable(ERR_CONSTRAINTS);
    }
    return Status.SUCCESS;
  };

  preScore: PreScorePlugin['preScore'] = (state, pod, feasible) => {
    const { constraints, system } = softConstraints(pod.pod, this.handle);
    if (constraints.length === 0) return Status.SKIP;
    const ns = pod.pod.metadata?.namespace ?? 'default';
    const ignored = new Set<string>();
    const domains = constraints.map(() => new Set<string>());
    for (const node of feasible) {
      const labels = node.node.metadata?.labels ?? {};
      if (!system && !constraints.every((c) => labels[c.topologyKey] !== undefined)) {
        ignored.add(node.name);
        continue;
      }
      constraints.forEach((c, i) => {
        const v = labels[c.topologyKey];
        if (v !== undefined) domains[i]!.add(v);
      });
    }
    // Non-hostname domains count pods on every eligible node of the cluster, not just the
    // feasible ones; hostname counts are read straight off the scored node in score().
    const counts = constraints.map(() => new Map<string, number>());
    const needsCluster = constraints.some((c) => c.topologyKey !== LABEL_HOSTNAME);
    if (needsCluster) {
      for (const node of this.handle.snapshot.list()) {
        const labels = node.node.metadata?.labels ?? {};
        constraints.forEach((c, i) => {
          if (c.topologyKey === LABEL_HOSTNAME) return;
          const v = labels[c.topologyKey];
          if (v === undefined || !domains[i]!.has(v) || !nodeCounts(pod.pod, c, node)) return;
          counts[i]!.set(v, (counts[i]!.get(v) ?? 0) + countMatching(node, c, ns));
        });
      }
    }
    const weights = constraints.map((c, i) => {
      const size =
        c.topologyKey === LABEL_HOSTNAME ? feasible.length - ignored.size : domains[i]!.size;
      return Math.log(size + 2);
    });
    state.write<ScoreState>(PRE_SCORE_KEY, { constraints, counts, weights, ignored });
    return Status.SUCCESS;
  };

  score: ScorePlugin['score'] = (state, pod, node) => {
    const s = state.read<ScoreState>(PRE_SCORE_KEY);
    if (s.ignored.has(node.name)) return 0;
    const labels = node.node.metadata?.labels ?? {};
    const ns = pod.pod.metadata?.namespace ?? 'default';
    let score = 0;
    s.constraints.forEach((c, i) => {
      const v = labels[c.topologyKey];
      if (v === undefined) return;
      const cnt =
        c.topologyKey === LABEL_HOSTNAME ? countMatching(node, c, ns) : (s.counts[i]!.get(v) ?? 0);
      score += cnt * s.weights[i]! + (c.maxSkew - 1);
    });
    return Math.round(score);
  };

  normalizeScore: NonNullable<ScorePlugin['normalizeScore']> = (state, _pod, scores) => {
    const s = state.read<ScoreState>(PRE_SCORE_KEY);
    let min = Infinity;
    let max = 0;
    for (const x of scores) {
      if (s.ignored.has(x.name)) continue;
      min = Math.min(min, x.score);
      max = Math.max(max, x.score);
    }
    for (const x of scores) {
      if (s.ignored.has(x.name)) x.score = 0;
      else if (max === 0) x.score = MAX_NODE_SCORE;
      else x.score = Math.trunc((MAX_NODE_SCORE * (max + min - x.score)) / max);
    }
  };
}
