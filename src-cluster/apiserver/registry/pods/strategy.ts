/**
 * Pod policy: new pods start Pending; deletion is graceful (k8s-internals §2.5): the grace period
 * comes from DeleteOptions or spec.terminationGracePeriodSeconds, and is 0 for pods that never ran
 * (unscheduled) or already finished.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/object';
import type { ResourceInfo } from '../../../api/resources';
import { DefaultStrategy, type DeleteOptions, type StrategyContext } from '../strategy';

function qosClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      if (lim[r] === undefined || (req[r] !== undefined && String(req[r]) !== String(lim[r]))) {
        guaranteed = false;
      }
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export class PodStrategy extends DefaultStrategy {
  constructor(info: ResourceInfo) {
    super(info);
  }

  override prepareForCreate(obj: KubeObject, _ctx: StrategyContext): void {
    obj.status = { phase: 'Pending', qosClass: qosClass(obj as Pod) };
  }

  override gracePeriodSeconds(obj: KubeObject, opts: DeleteOptions): number {
    const pod = obj as Pod;
    if (!pod.spec?.nodeName) return 0;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return 0;
    const grace = opts.gracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
    return Math.max(0, grace);
  }
}
