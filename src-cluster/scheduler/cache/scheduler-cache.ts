/**
 * The scheduler cache: every node and every pod placed on one, built from the informers, plus
 * *assumed* pods — pods this scheduler has placed but whose binding the API has not confirmed
 * yet. Counting assumed pods is what lets the next cycle start at once instead of waiting for the
 * binding's round trip: two pods cannot both take a node's last CPU.
 *
 * Assume on placement; the informer's update (the pod now has spec.nodeName) confirms it; a
 * failed binding forgets it. The cache also serves as the cycle's Snapshot (see framework
 * interface: cycles are synchronous, so nothing changes under a running cycle).
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { Snapshot } from '../framework/interface';
import { NodeInfo } from '../framework/node-info';
import { newPodInfo, type PodInfo } from '../framework/pod-info';
import { nodeImages } from '../plugins/image-locality/image-locality';

export class SchedulerCache implements Snapshot {
  /** Includes placeholder entries for nodes we saw pods for but not (yet, or any more) the Node. */
  private readonly nodes = new Map<string, NodeInfo>();
  private readonly real = new Set<string>();
  private listCache: NodeInfo[] | null = null;
  /** pod key → node it is accounted on */
  private readonly podNode = new Map<string, string>();
  private readonly assumed = new Set<string>();
  private readonly imageCount = new Map<string, number>();

  // ---- Snapshot ----

  list(): readonly NodeInfo[] {
    if (!this.listCache) {
      this.listCache = [...this.real].sort().map((n) => this.nodes.get(n)!);
    }
    return this.listCache;
  }

  get(name: string): NodeInfo | undefined {
    return this.real.has(name) ? this.nodes.get(name) : undefined;
  }

  havePodsWithAffinity(): readonly NodeInfo[] {
    return this.list().filter((n) => n.podsWithAffinity.size > 0);
  }

  imageNodeCount(image: string): number {
    return this.imageCount.get(image) ?? 0;
  }

  // ---- nodes ----

  addNode(node: Node): void {
    const name = node.metadata?.name ?? '';
    const existing = this.nodes.get(name);
    if (existing && this.real.has(name)) this.countImages(existing, -1);
    if (existing) existing.setNode(node);
    else this.nodes.set(name, new NodeInfo(node));
    if (!this.real.has(name)) {
      this.real.add(name);
      this.listCache = null;
    }
    this.countImages(this.nodes.get(name)!, 1);
  }

  updateNode(node: Node): void {
    this.addNode(node);
  }

  removeNode(name: string): void {
    const ni = this.nodes.get(name);
    if (!ni || !this.real.has(name)) return;
    this.countImages(ni, -1);
    this.real.delete(name);
    this.listCache = null;
    // Pods still bound to it keep their placeholder until they are deleted too.
    if (ni.pods.size === 0) this.nodes.delete(name);
  }

  private countImages(ni: NodeInfo, sign: number): void {
    for (const img of nodeImages(ni).keys()) {
      this.imageCount.set(img, (this.imageCount.get(img) ?? 0) + sign);
    }
  }

  // ---- pods ----

  /** A pod the API says is bound (informer add/update); confirms it if it was assumed. */
  addPod(pod: Pod): void {
    const pi = newPodInfo(pod);
    this.place(pi, pod.spec?.nodeName ?? '');
    this.assumed.delete(pi.key);
  }

  updatePod(pod: Pod): void {
    this.addPod(pod);
  }

  removePod(key: string): void {
    const node = this.podNode.get(key);
    if (node === undefined) return;
    this.podNode.delete(key);
    this.assumed.delete(key);
    const ni = this.nodes.get(node);
    ni?.removePod(key);
    if (ni && ni.pods.size === 0 && !this.real.has(node)) this.nodes.delete(node);
  }

  /** This scheduler placed the pod on nodeName; count it there until bound or forgotten. */
  assumePod(pi: PodInfo, nodeName: string): PodInfo {
    const pod = structuredClone(pi.pod) as Pod & { spec: { nodeName?: string } };
    pod.spec.nodeName = nodeName;
    const assumed = { ...newPodInfo(pod), key: pi.key };
    this.place(assumed, nodeName);
    this.assumed.add(pi.key);
    return assumed;
  }

  /** The binding failed: the pod no longer occupies the node. */
  forgetPod(key: string): void {
    if (this.assumed.has(key)) this.removePod(key);
  }

  isAssumed(key: string): boolean {
    return this.assumed.has(key);
  }

  /** Node the pod is accounted on, if any. */
  nodeOf(key: string): string | undefined {
    return this.podNode.get(key);
  }

  private place(pi: PodInfo, nodeName: string): void {
    const prev = this.podNode.get(pi.key);
    if (prev !== undefined && prev !== nodeName) this.removePod(pi.key);
    let ni = this.nodes.get(nodeName);
    if (!ni) {
      ni = new NodeInfo({ metadata: { name: nodeName } });
      this.nodes.set(nodeName, ni);
    }
    ni.addPod(pi);
    this.podNode.set(pi.key, nodeName);
  }

  counts(): { nodes: number; pods: number; assumed: number } {
    return { nodes: this.real.size, pods: this.podNode.size, assumed: this.assumed.size };
  }
}
