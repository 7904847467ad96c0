/**
 * NodeAffinity. Filter: the node must carry every nodeSelector label and match one of the
 * required node affinity terms. Score: the sum of the weights of the preferred terms the node
 * matches, normalized so the best node gets 100.
 */
import type {
  ClusterEvent,
  FilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from '../../framework/interface';
import { podMatchesNodeSelectorAndAffinity, termMatchesNode } from '../../framework/node-selector';
import { defaultNormalizeScore } from '../../framework/runtime';
import { Status } from '../../framework/status';

export const NODE_AFFINITY = 'NodeAffinity';
export const ERR_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";

export class NodeAffinity implements FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NODE_AFFINITY;

  events(): ClusterEvent[] {
    return ['NodeAdd', 'NodeUpdate'];
  }

  filter: FilterPlugin['filter'] = (_state, pod, node) =>
    podMatchesNodeSelectorAndAffinity(pod.pod, node.node)
      ? Status.SUCCESS
      : Status.unresolvable(ERR_NODE_AFFINITY);

  preScore: PreScorePlugin['preScore'] = (_state, pod) =>
    pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length
      ? Status.SUCCESS
      : Status.SKIP;

  score: ScorePlugin['score'] = (_state, pod, node) => {
    let sum = 0;
    const preferred =
      pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    for (const p of preferred) {
      if (p.weight !== 0 && termMatchesNode(p.preference, node.node)) sum += p.weight;
    }
    return sum;
  };

  normalizeScore: NonNullable<ScorePlugin['normalizeScore']> = (_s, _p, scores) =>
    defaultNormalizeScore(scores, false);
}
