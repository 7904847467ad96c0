/**
 * What the scheduler knows about one node: the Node object plus the pods on it (bound and
 * assumed) and running totals of what they use. Plugins read it in Filter/Score; only the
 * scheduler cache writes it. Totals are kept incrementally so a Filter is O(1), not O(pods).
 */
import type { Node } from 'kubernetes-types/core/v1';
import type { HostPort, PodInfo } from './pod-info';
import { addInto, emptyResource, nodeAllocatable, type Resource } from './resources';

export class NodeInfo {
  node: Node;
  allocatable: Resource;
  readonly pods = new Map<string, PodInfo>();
  /** Sum of the pods' requests (what Filter compares with allocatable). */
  readonly requested: Resource = emptyResource();
  /** Sum with the non-zero defaults (what LeastAllocated/BalancedAllocation score). */
  readonly nonZeroRequested: Resource = emptyResource();
  /** Pods with any pod (anti-)affinity term: InterPodAffinity looks only at these. */
  readonly podsWithAffinity = new Set<PodInfo>();
  readonly podsWithRequiredAntiAffinity = new Set<PodInfo>();
  readonly usedPorts: HostPort[] = [];
  /** Bumped on every change: lets callers notice that a node moved under them. */
  generation = 0;

  constructor(node: Node) {
    this.node = node;
    this.allocatable = nodeAllocatable(node);
  }

  get name(): string {
    return this.node.metadata?.name ?? '';
  }

  setNode(node: Node): void {
    this.node = node;
    this.allocatable = nodeAllocatable(node);
    this.generation++;
  }

  addPod(pi: PodInfo): void {
    const old = this.pods.get(pi.key);
    if (old) this.removePod(old.key);
    this.pods.set(pi.key, pi);
    addInto(this.requested, pi.requests);
    addInto(this.nonZeroRequested, pi.nonZeroRequests);
    if (hasAffinity(pi)) this.podsWithAffinity.add(pi);
    if (pi.requiredAntiAffinity.length) this.podsWithRequiredAntiAffinity.add(pi);
    this.usedPorts.push(...pi.hostPorts);
    this.generation++;
  }

  removePod(key: string): PodInfo | undefined {
    const pi = this.pods.get(key);
    if (!pi) return undefined;
    this.pods.delete(key);
    addInto(this.requested, pi.requests, -1);
    addInto(this.nonZeroRequested, pi.nonZeroRequests, -1);
    this.podsWithAffinity.delete(pi);
    this.podsWithRequiredAntiAffinity.delete(pi);
    for (const p of pi.hostPorts) {
      const i = this.usedPorts.indexOf(p);
      if (i >= 0) this.usedPorts.splice(i, 1);
    }
    this.generation++;
    return pi;
  }

  /** A deep-enough copy for "what if" questions (preemption removes pods from it). */
  clone(): NodeInfo {
    const c = new NodeInfo(this.node);
    for (const pi of this.pods.values()) c.addPod(pi);
    return c;
  }
}

function hasAffinity(pi: PodInfo): boolean {
  return (
    pi.requiredAffinity.length > 0 ||
    pi.requiredAntiAffinity.length > 0 ||
    pi.preferredAffinity.length > 0 ||
    pi.preferredAntiAffinity.length > 0
  );
}
