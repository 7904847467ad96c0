/**
 * One scheduling cycle for one pod, synchronous from start to finish (so the cache cannot change
 * under it): PreFilter → Filter over a round-robin slice of nodes until enough feasible ones are
 * found → PostFilter if none → PreScore → Score → pick the highest total, ties broken at random.
 * Returns the placement or the FailedScheduling message, plus the decision record.
 */
import { CycleState } from './framework/cycle-state';
import { fitErrorMessage } from './framework/fit-error';
import type { PostFilterResult, Snapshot } from './framework/interface';
import type { NodeInfo } from './framework/node-info';
import { numFeasibleNodesToFind } from './framework/num-feasible';
import type { PodInfo } from './framework/pod-info';
import type { Framework } from './framework/runtime';
import type { Status } from './framework/status';
import { rejectionsOf, scoresOf, type SchedulingDecision } from './decision';

export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

export interface CycleOutcome {
  outcome: 'Scheduled' | 'Unschedulable' | 'Error';
  node?: string;
  state: CycleState;
  decision: SchedulingDecision;
  /** The FailedScheduling message (Unschedulable/Error). */
  message?: string;
  /** Plugins that rejected the pod: the queue retries it on events they care about. */
  rejectingPlugins: Set<string>;
  postFilter?: PostFilterResult;
}

export interface AlgorithmOptions {
  /** 0 = adaptive (upstream default); 100 = every node. */
  percentageOfNodesToScore?: number;
  /** Tie-breaking randomness, injectable for tests. */
  random?: () => number;
}

export class SchedulingAlgorithm {
  private nextStartNodeIndex = 0;
  private readonly random: () => number;

  constructor(
    private readonly fwk: Framework,
    private readonly snapshot: Snapshot,
    private readonly opts: AlgorithmOptions = {},
  ) {
    this.random = opts.random ?? Math.random;
  }

  schedule(pod: PodInfo, attempt: number): CycleOutcome {
    const state = new CycleState();
    const nodes = this.snapshot.list();
    const decision: SchedulingDecision = {
      pod: pod.key,
      outcome: 'Unschedulable',
      attempt,
      totalNodes: nodes.length,
      evaluatedNodes: 0,
      feasibleNodes: 0,
      filtered: {},
      scores: {},
      weights: Object.fromEntries(this.fwk.weights),
    };
    const fail = (
      outcome: 'Unschedulable' | 'Error',
      message: string,
      plugins: Iterable<string> = [],
      postFilter?: PostFilterResult,
    ): CycleOutcome => {
      decision.outcome = outcome;
      decision.message = message;
      if (postFilter?.nominatedNodeName) decision.nominatedNode = postFilter.nominatedNodeName;
      return { outcome, state, decision, message, rejectingPlugins: new Set(plugins), postFilter };
    };
    if (nodes.length === 0) return fail('Unschedulable', NO_NODES_AVAILABLE);

    const pre = this.fwk.runPreFilter(state, pod, nodes);
    if (pre.code === 'Error') return fail('Error', pre.message(), [pre.plugin]);
    if (!pre.isSuccess()) {
      decision.preFilter = { plugin: pre.plugin, reasons: [...pre.reasons] };
      const message = fitErrorMessage({
        numAllNodes: nodes.length,
        preFilterMsg: pre.message(),
        nodeStatuses: new Map(),
      });
      return fail('Unschedulable', message, [pre.plugin]);
    }

    const { feasible, rejected } = this.findFeasible(state, pod, nodes);
    decision.evaluatedNodes = feasible.length + rejected.size;
    decision.feasibleNodes = feasible.length;
    decision.truncated = rejectionsOf(rejected, decision.filtered);
    for (const s of rejected.values()) {
      if (s.code === 'Error') return fail('Error', s.message(), [s.plugin]);
    }

    if (feasible.length === 0) {
      const post = this.fwk.runPostFilter(state, pod, rejected);
      const plugins = new Set<string>();
      for (const s of rejected.values()) plugins.add(s.plugin);
      const message = fitErrorMessage({
        numAllNodes: nodes.length,
        nodeStatuses: rejected,
        postFilterMsg: post.status.isSuccess() ? undefined : post.status.message(),
      });
      return fail('Unschedulable', message, plugins, post.result);
    }

    let chosen: string;
    if (feasible.length === 1) {
      // Upstream skips scoring when there is nothing to choose between.
      chosen = feasible[0]!.name;
    } else {
      const ps = this.fwk.runPreScore(state, pod, feasible);
      if (!ps.isSuccess()) return fail('Error', ps.message(), [ps.plugin]);
      const scored = this.fwk.runScore(state, pod, feasible);
      decision.truncated = scoresOf(scored, decision.scores) || decision.truncated;
      chosen = this.selectHost(scored.totals);
    }
    decision.outcome = 'Scheduled';
    decision.node = chosen;
    if (!decision.truncated) delete decision.truncated;
    return { outcome: 'Scheduled', node: chosen, state, decision, rejectingPlugins: new Set() };
  }

  /**
   * Filters nodes starting where the previous cycle stopped (so every node gets its turn in big
   * clusters), until numFeasibleNodesToFind nodes pass. A pod's nominated node (from an earlier
   * preemption) is tried first: if it fits, the pod goes there.
   */
  private findFeasible(
    state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
  ): { feasible: NodeInfo[]; rejected: Map<string, Status> } {
    const rejected = new Map<string, Status>();
    const nominated = pod.pod.status?.nominatedNodeName;
    if (nominated) {
      const ni = this.snapshot.get(nominated);
      if (ni && this.fwk.runFilter(state, pod, ni).isSuccess()) return { feasible: [ni], rejected };
    }
    const n = nodes.length;
    const want = numFeasibleNodesToFind(n, this.opts.percentageOfNodesToScore);
    const feasible: NodeInfo[] = [];
    let i = 0;
    for (; i < n && feasible.length < want; i++) {
      const node = nodes[(this.nextStartNodeIndex + i) % n]!;
      const s = this.fwk.runFilter(state, pod, node);
      if (s.isSuccess()) feasible.push(node);
      else rejected.set(node.name, s);
    }
    this.nextStartNodeIndex = (this.nextStartNodeIndex + i) % n;
    return { feasible, rejected };
  }

  /** The highest total; among equals each is equally likely (reservoir sampling). */
  private selectHost(totals: { name: string; score: number }[]): string {
    let best = totals[0]!;
    let ties = 1;
    for (let i = 1; i < totals.length; i++) {
      const t = totals[i]!;
      if (t.score > best.score) {
        best = t;
        ties = 1;
      } else if (t.score === best.score) {
        ties++;
        if (this.random() * ties < 1) best = t;
      }
    }
    return best.name;
  }
}
