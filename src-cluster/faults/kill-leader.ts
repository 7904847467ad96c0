/**
 * Shared by kill-scheduler and kill-controller-manager: kill the instance that holds the Lease, as
 * SIGKILL would — it does not release the Lease, so a standby takes over only once the Lease has
 * expired (leaseDuration 15 s + up to one retryPeriod 2 s, k8s-internals §4.9). Revert starts the
 * killed instance again; it rejoins as a standby.
 */
import { FaultError, type Fault, type FaultContext } from './fault';
import type { ElectedComponent } from './target';

export class KillLeader implements Fault {
  readonly target: string;

  constructor(
    readonly kind: string,
    private readonly component: ElectedComponent,
    private readonly ctx: FaultContext,
  ) {
    if (ctx.args.length > 0) throw new FaultError(`usage: ${kind} (it kills the active one)`);
    this.target = ctx.detail?.identity ?? 'leader';
  }

  async apply() {
    const identity = this.ctx.cluster.leader(this.component);
    if (!identity) throw new FaultError(`no ${this.component} is leading right now`);
    await this.ctx.cluster.kill(this.component, identity);
    this.ctx.detail = { identity };
    return this.ctx.detail;
  }

  async revert() {
    const identity = this.ctx.detail?.identity;
    if (identity && !this.ctx.cluster.alive(this.component, identity)) {
      await this.ctx.cluster.restart(this.component, identity);
    }
  }

  async verify() {
    const identity = this.ctx.detail?.identity;
    return !!identity && !this.ctx.cluster.alive(this.component, identity);
  }
}
