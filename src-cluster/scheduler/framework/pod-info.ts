/**
 * A pod as the scheduler keeps it: the object plus what every cycle would otherwise recompute —
 * its requests, host ports and parsed (anti-)affinity terms. Built once when the pod enters the
 * cache or the queue, read by many plugins for many nodes.
 */
import type { Pod, PodAffinityTerm } from 'kubernetes-types/core/v1';
import { fromLabelSelector, type LabelSelector } from '../../api/selectors';
import { podRequests, type Resource } from './resources';

/** A pod (anti-)affinity term with its selector compiled and namespaces resolved. */
export interface AffinityTerm {
  selector: LabelSelector;
  /** Namespaces the term looks in; `null` = every namespace (an empty namespaceSelector). */
  namespaces: ReadonlySet<string> | null;
  topologyKey: string;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  weight: number;
}

/** One hostPort a container asks for. */
export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

export interface PodInfo {
  pod: Pod;
  /** "namespace/name". */
  key: string;
  requests: Resource;
  /** Requests with the 100m / 200Mi defaults for containers that ask for nothing (scoring only). */
  nonZeroRequests: Resource;
  hostPorts: HostPort[];
  requiredAffinity: AffinityTerm[];
  requiredAntiAffinity: AffinityTerm[];
  preferredAffinity: WeightedAffinityTerm[];
  preferredAntiAffinity: WeightedAffinityTerm[];
}

function compileTerm(pod: Pod, t: PodAffinityTerm): AffinityTerm {
  let namespaces: Set<string> | null = new Set(t.namespaces ?? []);
  const nsSel = t.namespaceSelector;
  // An empty namespaceSelector means "all namespaces"; a non-empty one would need namespace labels,
  // which this scheduler does not watch (see README, "Not done").
  if (nsSel && !nsSel.matchLabels && !nsSel.matchExpressions?.length) namespaces = null;
  else if (namespaces.size === 0) namespaces.add(pod.metadata?.namespace ?? 'default');
  return {
    selector: fromLabelSelector(t.labelSelector ?? null),
    namespaces,
    topologyKey: t.topologyKey,
  };
}

export function termMatches(term: AffinityTerm, pod: Pod): boolean {
  const ns = pod.metadata?.namespace ?? 'default';
  if (term.namespaces && !term.namespaces.has(ns)) return false;
  return term.selector.matches(pod.metadata?.labels);
}

export function newPodInfo(pod: Pod): PodInfo {
  const aff = pod.spec?.affinity;
  const hostPorts: HostPort[] = [];
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort) continue;
      hostPorts.push({
        ip: p.hostIP || '0.0.0.0',
        protocol: p.protocol || 'TCP',
        port: p.hostPort,
      });
    }
  }
  const req = (terms: readonly PodAffinityTerm[] | undefined) =>
    (terms ?? []).map((t) => compileTerm(pod, t));
  const pref = (
    terms: readonly { weight: number; podAffinityTerm: PodAffinityTerm }[] | undefined,
  ) => (terms ?? []).map((t) => ({ ...compileTerm(pod, t.podAffinityTerm), weight: t.weight }));
  return {
    pod,
    key: `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`,
    requests: podRequests(pod),
    nonZeroRequests: podRequests(pod, true),
    hostPorts,
    requiredAffinity: req(aff?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
    requiredAntiAffinity: req(aff?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
    preferredAffinity: pref(aff?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    preferredAntiAffinity: pref(
      aff?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution,
    ),
  };
}

/** Pod priority (spec.priority, set from the PriorityClass by admission); 0 when unset. */
export function podPriority(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}
