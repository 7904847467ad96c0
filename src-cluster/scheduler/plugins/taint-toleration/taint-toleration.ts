/**
 * TaintToleration. Filter: a node's NoSchedule/NoExecute taints must all be tolerated; the first
 * one that is not is named in the reason. Score: fewer untolerated PreferNoSchedule taints is
 * better (normalized in reverse, so the cleanest node gets 100).
 */
import type { Taint } from 'kubernetes-types/core/v1';
import type { ClusterEvent, FilterPlugin, ScorePlugin } from '../../framework/interface';
import { defaultNormalizeScore } from '../../framework/runtime';
import { Status } from '../../framework/status';
import { toleratedBy } from '../../framework/taints';

export const TAINT_TOLERATION = 'TaintToleration';

export const errUntoleratedTaint = (t: Taint) =>
  `node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}`;

export class TaintToleration implements FilterPlugin, ScorePlugin {
  readonly name = TAINT_TOLERATION;

  events(): ClusterEvent[] {
    return ['NodeAdd', 'NodeUpdate'];
  }

  filter: FilterPlugin['filter'] = (_state, pod, node) => {
    const tolerations = pod.pod.spec?.tolerations ?? [];
    for (const taint of node.node.spec?.taints ?? []) {
      if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
      if (!toleratedBy(taint, tolerations)) return Status.unresolvable(errUntoleratedTaint(taint));
    }
    return Status.SUCCESS;
  };

  score: ScorePlugin['score'] = (_state, pod, node) => {
    // Only tolerations that could apply to PreferNoSchedule count here, as upstream.
    const tolerations = (pod.pod.spec?.tolerations ?? []).filter(
      (t) => !t.effect || t.effect === 'PreferNoSchedule',
    );
    let n = 0;
    for (const taint of node.node.spec?.taints ?? []) {
      if (taint.effect === 'PreferNoSchedule' && !toleratedBy(taint, tolerations)) n++;
    }
    return n;
  };

  normalizeScore: NonNullable<ScorePlugin['normalizeScore']> = (_s, _p, scores) =>
    defaultNormalizeScore(scores, true);
}
