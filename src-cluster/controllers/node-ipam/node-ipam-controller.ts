/**
 * The node IPAM controller (kube-controller-manager `nodeipam` with `--allocate-node-cidrs`,
 * the range allocator): gives every Node a pod range from the cluster CIDR — `spec.podCIDR` and
 * `spec.podCIDRs` — which the kubelet hands to the CNI plugin so pod IPs never collide across
 * nodes. A range is given once (the API refuses to change a set podCIDR) and only to one Node;
 * it returns to the pool when its Node is deleted.
 *
 * Contract:
 * - run() first marks every range that Nodes in the (synced) cache already carry, so a restarted
 *   controller never hands out a range twice; only then do workers allocate.
 * - sync(name) re-reads the Node from the cache: gone → release what it held; has a range → make
 *   sure the pool knows it; has none → the lowest free range, written with a merge patch.
 *   The cache may lag our own patch, so the range we gave a Node is remembered by name and
 *   written again rather than a second one allocated.
 * - A Node carrying a range outside the pool (set by hand or by a kubelet flag) is left alone.
 * - Pool exhausted: a `CIDRNotAvailable` Warning on the Node, and a retry every 30 s.
 */
import type { Node } from 'kubernetes-types/core/v1';
import { isNotFound, type Lister, type ResourceClient } from '../../client';
import { referenceTo, type EventRecorder } from '../../client/events/event-recorder';
import { BaseController, RequeueAfter } from '../framework/base-controller';
import type { Controller, ControllerContext } from '../framework/context';
import { NODES_REF } from '../framework/resource-refs';
import { CidrError, CidrFullError, CidrSet } from './cidr-set';

/** --cluster-cidr: kubelab's default is the article's (and flannel's) 10.244.0.0/16. */
export const DEFAULT_CLUSTER_CIDR = '10.244.0.0/16';
/** --node-cidr-mask-size for IPv4 (upstream's default): a /24, 254 pod IPs per node. */
export const DEFAULT_NODE_CIDR_MASK_SIZE = 24;
const FULL_RETRY_MS = 30_000;

export interface NodeIpamOptions {
  clusterCidr?: string;
  maskSize?: number;
}

function podCidrOf(node: Node): string | undefined {
  return node.spec?.podCIDRs?.[0] ?? (node.spec?.podCIDR || undefined);
}

export class NodeIpamController extends BaseController {
  private readonly nodes: Lister<Node>;
  private readonly client: ResourceClient<Node>;
  private readonly recorder: EventRecorder;
  readonly pool: CidrSet;
  /** Node name → the range the pool holds for it. */
  private readonly held = new Map<string, string>();

  constructor(ctx: ControllerContext, opts: NodeIpamOptions = {}) {
    super('nodeipam', ctx.clock, ctx.trace);
    this.pool = new CidrSet(
      opts.clusterCidr ?? DEFAULT_CLUSTER_CIDR,
      opts.maskSize ?? DEFAULT_NODE_CIDR_MASK_SIZE,
    );
    this.client = ctx.client.resource<Node>(NODES_REF);
    this.recorder = ctx.recorder('cidrAllocator');
    const informer = ctx.factory.informerFor<Node>(NODES_REF);
    this.nodes = informer.lister();
    informer.addEventHandler({
      onAdd: (n) => this.enqueue(n.metadata!.name!),
      onUpdate: (_o, n) => this.enqueue(n.metadata!.name!),
      onDelete: (n) => this.enqueue(n.metadata!.name!),
    });
  }

  override async run(signal: AbortSignal, workers = 1): Promise<void> {
    for (const node of this.nodes.list()) this.adopt(node);
    return super.run(signal, workers);
  }

  /** Records the range a Node already carries; false when it is not ours to track. */
  private adopt(node: Node): boolean {
    const name = node.metadata!.name!;
    const cidr = podCidrOf(node);
    if (!cidr || this.held.get(name) === cidr) return true;
    try {
      if (!this.pool.occupy(cidr)) {
        // Two Nodes claim one range: only a hand edit can do that. Keep the first; say so.
        this.recorder.event(
          referenceTo({ apiVersion: 'v1', kind: 'Node', ...node }),
          'Warning',
          'CIDRAssignmentFailed',
          `podCIDR ${cidr} is already allocated to another node`,
        );
        return false;
      }
    } catch (err) {
      if (err instanceof CidrError) return false; // outside the pool: not managed by us
      throw err;
    }
    const before = this.held.get(name);
    if (before) this.pool.release(before);
    this.held.set(name, cidr);
    return true;
  }

  protected async sync(name: string): Promise<void> {
    const node = this.nodes.getByKey(name);
    if (!node) {
      const cidr = this.held.get(name);
      if (cidr) this.pool.release(cidr);
      this.held.delete(name);
      return;
    }
    if (podCidrOf(node)) {
      this.adopt(node);
      return;
    }
    let cidr = this.held.get(name);
    if (!cidr) {
      try {
        cidr = this.pool.allocate();
      } catch (err) {
        if (!(err instanceof CidrFullError)) throw err;
        const ref = referenceTo({ apiVersion: 'v1', kind: 'Node', ...node });
        this.recorder.event(
          ref,
          'Normal',
          'CIDRNotAvailable',
          `Node ${name} status is now: CIDRNotAvailable`,
        );
        throw new RequeueAfter(FULL_RETRY_MS);
      }
      this.held.set(name, cidr);
    }
    try {
      await this.client.patch(name, 'merge', { spec: { podCIDR: cidr, podCIDRs: [cidr] } });
    } catch (err) {
      if (isNotFound(err)) {
        // Deleted meanwhile; its delete event will come and find nothing held.
        this.pool.release(cidr);
        this.held.delete(name);
        return;
      }
      throw err;
    }
  }
}

export function createNodeIpamController(
  ctx: ControllerContext,
  opts: NodeIpamOptions = {},
): Controller {
  return new NodeIpamController(ctx, opts);
}
