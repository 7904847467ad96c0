/**
 * fail-probe <ns>/<pod>/<container> <liveness|readiness>: the container's probe starts failing.
 * Readiness: after failureThreshold failures the pod turns NotReady and leaves its Services'
 * endpoints. Liveness: the kubelet kills and restarts the container. Revert makes the probe
 * answer normally again.
 */
import { FaultError, type Fault, type FaultContext, type FaultKind } from './fault';
import { findPodContainer, podDetail, podFromDetail } from './pod-target';
import type { ProbeKind } from './target';

const PROBES: ProbeKind[] = ['liveness', 'readiness'];

class FailProbe implements Fault {
  readonly kind = 'fail-probe';
  readonly target: string;
  private readonly probe: ProbeKind;

  constructor(private readonly ctx: FaultContext) {
    const [spec, probe] = ctx.args;
    if (!spec || !probe || ctx.args.length !== 2) {
      throw new FaultError('usage: fail-probe <ns>/<pod>/<container> <liveness|readiness>');
    }
    if (!PROBES.includes(probe as ProbeKind)) {
      throw new FaultError(`probe must be liveness or readiness, got "${probe}"`);
    }
    this.probe = probe as ProbeKind;
    this.target = `${spec} ${probe}`;
  }

  async apply() {
    const { pod, container } = await findPodContainer(this.ctx.client, this.ctx.args[0]!, true);
    this.ctx.cluster.setProbeFailing(pod, container, this.probe, true);
    this.ctx.detail = podDetail(pod, container);
    return this.ctx.detail;
  }

  async revert() {
    const d = this.ctx.detail;
    if (d) this.ctx.cluster.setProbeFailing(podFromDetail(d), d.container!, this.probe, false);
  }

  async verify() {
    const d = this.ctx.detail;
    return !!d && this.ctx.cluster.probeFailing(podFromDetail(d), d.container!, this.probe);
  }
}

export const failProbe: FaultKind = {
  kind: 'fail-probe',
  usage: '<ns>/<pod>/<container> <liveness|readiness>',
  summary: "make a container's liveness or readiness probe fail",
  create: (ctx) => new FailProbe(ctx),
};
