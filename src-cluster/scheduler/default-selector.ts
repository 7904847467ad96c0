/**
 * The selector PodTopologySpread's system defaults spread by: the pod's "siblings" are the pods
 * selected by the same Services and owned by the same ReplicaSet (upstream also looks at
 * ReplicationControllers and StatefulSets, which kubelab does not serve).
 */
import type { Pod, Service } from 'kubernetes-types/core/v1';
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import {
  fromLabelSelector,
  LabelSelector,
  selectorFromSet,
  type Requirement,
} from '../api/selectors';
import type { Lister } from '../client';

export function defaultSelectorFor(
  pod: Pod,
  services: Lister<Service>,
  replicaSets: Lister<ReplicaSet>,
): LabelSelector | null {
  const ns = pod.metadata?.namespace ?? 'default';
  const labels = pod.metadata?.labels ?? {};
  const reqs: Requirement[] = [];
  for (const svc of services.list({ namespace: ns })) {
    const sel = svc.spec?.selector;
    if (!sel || Object.keys(sel).length === 0) continue;
    const s = selectorFromSet(sel);
    if (s.matches(labels)) reqs.push(...s.requirements);
  }
  const owner = pod.metadata?.ownerReferences?.find((o) => o.controller);
  if (owner?.kind === 'ReplicaSet') {
    const rs = replicaSets.get(ns, owner.name);
    if (rs?.spec?.selector) {
      try {
        reqs.push(...fromLabelSelector(rs.spec.selector).requirements);
      } catch {
        // an invalid selector selects nothing extra
      }
    }
  }
  return reqs.length ? LabelSelector.of(reqs) : null;
}
