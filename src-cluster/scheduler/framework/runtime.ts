/**
 * The framework runtime: holds the enabled plugins, sorted by extension point in the configured
 * order, and runs each extension point with upstream's rules — Filter stops at the first plugin
 * that rejects a node; Score sums plugin scores times their weights.
 */
import type { CycleState } from './cycle-state';
import type {
  BindPlugin,
  FilterPlugin,
  Handle,
  NodeScore,
  Plugin,
  PluginFactory,
  PostFilterPlugin,
  PostFilterResult,
  PreFilterPlugin,
  PreScorePlugin,
  ReservePlugin,
  ScorePlugin,
} from './interface';
import { MAX_NODE_SCORE, MIN_NODE_SCORE } from './interface';
import type { NodeInfo } from './node-info';
import type { PodInfo } from './pod-info';
import { Status } from './status';

/** One enabled plugin; weight matters only for Score plugins (default 1). */
export interface PluginConfig {
  name: string;
  weight?: number;
}

/** Per-plugin scores of every scored node (already normalized, before weighting). */
export interface ScoreResult {
  totals: NodeScore[];
  /** plugin → node name → score in [0, 100] */
  perPlugin: Map<string, Map<string, number>>;
}

const has = <K extends string>(p: Plugin, m: K): boolean =>
  typeof (p as unknown as Record<K, unknown>)[m] === 'function';

export class Framework {
  readonly plugins: Plugin[];
  readonly weights = new Map<string, number>();
  private readonly preFilters: PreFilterPlugin[];
  private readonly filters: FilterPlugin[];
  private readonly postFilters: PostFilterPlugin[];
  private readonly preScores: PreScorePlugin[];
  private readonly scores: ScorePlugin[];
  private readonly reserves: ReservePlugin[];
  private readonly binders: BindPlugin[];

  constructor(
    registry: ReadonlyMap<string, PluginFactory>,
    enabled: PluginConfig[],
    handle: Handle,
  ) {
    this.plugins = enabled.map((cfg) => {
      const factory = registry.get(cfg.name);
      if (!factory) throw new Error(`scheduler plugin "${cfg.name}" is not registered`);
      this.weights.set(cfg.name, cfg.weight ?? 1);
      return factory(handle);
    });
    this.preFilters = this.plugins.filter((p) => has(p, 'preFilter')) as PreFilterPlugin[];
    this.filters = this.plugins.filter((p) => has(p, 'filter')) as FilterPlugin[];
    this.postFilters = this.plugins.filter((p) => has(p, 'postFilter')) as PostFilterPlugin[];
    this.preScores = this.plugins.filter((p) => has(p, 'preScore')) as PreScorePlugin[];
    this.scores = this.plugins.filter((p) => has(p, 'score')) as ScorePlugin[];
    this.reserves = this.plugins.filter((p) => has(p, 'reserve')) as ReservePlugin[];
    this.binders = this.plugins.filter((p) => has(p, 'bind')) as BindPlugin[];
  }

  get(name: string): Plugin | undefined {
    return this.plugins.find((p) => p.name === name);
  }

  /** Runs every PreFilter; the first rejection or error ends the cycle for the pod. */
  runPreFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status {
    for (const p of this.preFilters) {
      const s = p.preFilter(state, pod, nodes);
      if (s.isSkip()) state.skipFilter.add(p.name);
      else if (!s.isSuccess()) return s.withPlugin(p.name);
    }
    return Status.SUCCESS;
  }

  /** Runs the Filters in order and returns the first non-success, attributed to its plugin. */
  runFilter(state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    for (const p of this.filters) {
      if (state.skipFilter.has(p.name)) continue;
      const s = p.filter(state, pod, node);
      if (!s.isSuccess()) return s.withPlugin(p.name);
    }
    return Status.SUCCESS;
  }

  /** Runs PostFilters until one finds a result; returns the messages of those that did not. */
  runPostFilter(
    state: CycleState,
    pod: PodInfo,
    rejected: ReadonlyMap<string, Status>,
  ): { result?: PostFilterResult; status: Status } {
    const reasons: string[] = [];
    for (const p of this.postFilters) {
      const r = p.postFilter(state, pod, rejected);
      if (r.status.isSuccess()) return r;
      reasons.push(...r.status.reasons);
    }
    return { status: Status.unschedulable(...reasons) };
  }

  runPreScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status {
    for (const p of this.preScores) {
      const s = p.preScore(state, pod, nodes);
      if (s.isSkip()) state.skipScore.add(p.name);
      else if (!s.isSuccess()) return s.withPlugin(p.name);
    }
    return Status.SUCCESS;
  }

  /** Scores every node with every (non-skipped) Score plugin, normalizes, and weights. */
  runScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): ScoreResult {
    const totals: NodeScore[] = nodes.map((n) => ({ name: n.name, score: 0 }));
    const perPlugin = new Map<string, Map<string, number>>();
    for (const p of this.scores) {
      if (state.skipScore.has(p.name)) continue;
      const scores: NodeScore[] = nodes.map((n) => ({
        name: n.name,
        score: p.score(state, pod, n),
      }));
      p.normalizeScore?.(state, pod, scores);
      const weight = this.weights.get(p.name) ?? 1;
      const byNode = new Map<string, number>();
      for (let i = 0; i < scores.length; i++) {
        const s = Math.min(MAX_NODE_SCORE, Math.max(MIN_NODE_SCORE, scores[i]!.score));
        byNode.set(scores[i]!.name, s);
        totals[i]!.score += s * weight;
      }
      perPlugin.set(p.name, byNode);
    }
    return { totals, perPlugin };
  }

  runReserve(state: CycleState, pod: PodInfo, nodeName: string): Status {
    for (let i = 0; i < this.reserves.length; i++) {
      const s = this.reserves[i]!.reserve(state, pod, nodeName);
      if (!s.isSuccess()) {
        for (let j = i; j >= 0; j--) this.reserves[j]!.unreserve(state, pod, nodeName);
        return s.withPlugin(this.reserves[i]!.name);
      }
    }
    return Status.SUCCESS;
  }

  runUnreserve(state: CycleState, pod: PodInfo, nodeName: string): void {
    for (let j = this.reserves.length - 1; j >= 0; j--) {
      this.reserves[j]!.unreserve(state, pod, nodeName);
    }
  }

  /** Asks each binder in turn until one does not Skip. */
  async runBind(state: CycleState, pod: PodInfo, nodeName: string): Promise<Status> {
    for (const b of this.binders) {
      const s = await b.bind(state, pod, nodeName);
      if (!s.isSkip()) return s.withPlugin(b.name);
    }
    return Status.error('no bind plugin bound the pod');
  }

  /** Names of plugins whose rejection can be undone by the given cluster event. */
  pluginsFor(event: string): Set<string> {
    const out = new Set<string>();
    for (const p of this.plugins) if (p.events?.().includes(event as never)) out.add(p.name);
    return out;
  }
}

/**
 * Maps raw scores into [0, MAX_NODE_SCORE] relative to the highest one; with reverse, fewer is
 * better (TaintToleration: the node with the fewest intolerable PreferNoSchedule taints gets 100).
 */
export function defaultNormalizeScore(scores: NodeScore[], reverse: boolean): void {
  let max = 0;
  for (const s of scores) max = Math.max(max, s.score);
  if (max === 0) {
    if (reverse) for (const s of scores) s.score = MAX_NODE_SCORE;
    return;
  }
  for (const s of scores) {
    let v = Math.trunc((MAX_NODE_SCORE * s.score) / max);
    if (reverse) v = MAX_NODE_SCORE - v;
    s.score = v;
  }
}
