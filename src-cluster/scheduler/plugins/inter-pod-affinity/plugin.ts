/**
 * InterPodAffinity: pods that want (or refuse) to share a topology domain (node, zone) with other
 * pods. The heavy lifting — walking existing pods once per cycle — happens in PreFilter and
 * PreScore; Filter and Score are lookups. Both are skipped entirely when neither the incoming pod
 * nor any existing pod uses affinity, which keeps plain pods fast.
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
  affinityRejection,
  computeFilterState,
  isEmpty,
  type AffinityFilterState,
} from './filtering';
import { computeTopologyScore, nodeScore, type TopologyScore } from './scoring';

export const INTER_POD_AFFINITY = 'InterPodAffinity';
const PRE_FILTER_KEY = 'PreFilter' + INTER_POD_AFFINITY;
const PRE_SCORE_KEY = 'PreScore' + INTER_POD_AFFINITY;

export class InterPodAffinity
  implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin
{
  readonly name = INTER_POD_AFFINITY;

  constructor(private readonly handle: Handle) {}

  events(): ClusterEvent[] {
    return ['NodeAdd', 'NodeUpdate', 'AssignedPodAdd', 'AssignedPodUpdate', 'AssignedPodDelete'];
  }

  preFilter: PreFilterPlugin['preFilter'] = (state, pod) => {
    const s = computeFilterState(pod, this.handle.snapshot);
    if (isEmpty(s, pod)) return Status.SKIP;
    state.write<AffinityFilterState>(PRE_FILTER_KEY, s);
    return Status.SUCCESS;
  };

  filter: FilterPlugin['filter'] = (state, pod, node) => {
    const r = affinityRejection(state.read<AffinityFilterState>(PRE_FILTER_KEY), pod, node);
    if (!r) return Status.SUCCESS;
    return r.unresolvable ? Status.unresolvable(r.reason) : Status.unschedulable(r.reason);
  };

  preScore: PreScorePlugin['preScore'] = (state, pod) => {
    const scores = computeTopologyScore(pod, this.handle.snapshot);
    if (scores.size === 0) return Status.SKIP;
    state.write<TopologyScore>(PRE_SCORE_KEY, scores);
    return Status.SUCCESS;
  };

  score: ScorePlugin['score'] = (state, _pod, node) =>
    nodeScore(state.read<TopologyScore>(PRE_SCORE_KEY), node);

  normalizeScore: NonNullable<ScorePlugin['normalizeScore']> = (_state, _pod, scores) => {
    let min = Infinity;
    let max = -Infinity;
    for (const s of scores) {
      min = Math.min(min, s.score);
      max = Math.max(max, s.score);
    }
    const diff = max - min;
    for (const s of scores) {
      s.score = diff > 0 ? Math.trunc((MAX_NODE_SCORE * (s.score - min)) / diff) : 0;
    }
  };
}
