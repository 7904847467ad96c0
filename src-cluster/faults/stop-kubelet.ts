/**
 * stop-kubelet <node>: the kubelet on a node stops (its containers keep running, as with
 * `systemctl stop kubelet`). The node stops renewing its Lease and posting status; after
 * --node-monitor-grace-period the node lifecycle controller marks it Unknown and taints it.
 * Revert (`start-kubelet`) starts it again; it re-registers and the node turns Ready.
 */
import { FaultError, type Fault, type FaultContext, type FaultKind } from './fault';

class StopKubelet implements Fault {
  readonly kind = 'stop-kubelet';
  readonly target: string;

  constructor(private readonly ctx: FaultContext) {
    const node = ctx.args[0];
    if (!node || ctx.args.length !== 1) throw new FaultError('usage: stop-kubelet <node>');
    const nodes = ctx.cluster.nodeNames();
    if (!nodes.includes(node)) {
      throw new FaultError(`no node "${node}" (nodes: ${nodes.join(', ')})`);
    }
    this.target = node;
  }

  async apply() {
    if (!this.ctx.cluster.kubeletRunning(this.target)) {
      throw new FaultError(`the kubelet on ${this.target} is already stopped`);
    }
    await this.ctx.cluster.stopKubelet(this.target);
    return {};
  }

  async revert() {
    if (!this.ctx.cluster.kubeletRunning(this.target)) {
      await this.ctx.cluster.startKubelet(this.target);
    }
  }

  async verify() {
    return !this.ctx.cluster.kubeletRunning(this.target);
  }
}

export const stopKubelet: FaultKind = {
  kind: 'stop-kubelet',
  usage: '<node>',
  summary: 'stop the kubelet on a node (revert: start-kubelet)',
  create: (ctx) => new StopKubelet(ctx),
};
