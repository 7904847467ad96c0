/**
 * crash-container <ns>/<pod>[/<container>]: the container's process dies (exit code 1). The kubelet
 * notices, and restarts it according to restartPolicy with CrashLoopBackOff's growing delays —
 * which is the lesson: nothing needs reverting, the cluster heals itself. revert() is therefore a
 * no-op; verify() says whether the crash was observed (the container's restartCount went up or it
 * is not running).
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { RESOURCES } from '../api/resources';
import { type Fault, type FaultContext, type FaultKind, FaultError } from './fault';
import { findPodContainer, podDetail } from './pod-target';

const PODS = RESOURCES.find((r) => r.resource === 'pods' && r.group === '')!;

class CrashContainer implements Fault {
  readonly kind = 'crash-container';
  readonly target: string;

  constructor(private readonly ctx: FaultContext) {
    if (ctx.args.length !== 1)
      throw new FaultError('usage: crash-container <ns>/<pod>[/<container>]');
    this.target = ctx.args[0]!;
  }

  async apply() {
    const { pod, container } = await findPodContainer(this.ctx.client, this.target, false);
    const before = (await this.status(pod.namespace, pod.name, container))?.restartCount ?? 0;
    await this.ctx.cluster.crashContainer(pod, container);
    return { ...podDetail(pod, container), restartsBefore: String(before) };
  }

  async revert() {
    // Self-healing: the kubelet restarts the container; there is nothing to put back.
  }

  async verify() {
    const d = this.ctx.detail;
    if (!d) return false;
    const s = await this.status(d.namespace!, d.pod!, d.container!);
    if (!s) return false;
    return s.restartCount > Number(d.restartsBefore ?? 0) || !s.state?.running;
  }

  private async status(ns: string, name: string, container: string) {
    const pod = await this.ctx.client
      .resource<Pod>(PODS)
      .namespace(ns)
      .get(name)
      .catch(() => undefined);
    return pod?.status?.containerStatuses?.find((c) => c.name === container);
  }
}

export const crashContainer: FaultKind = {
  kind: 'crash-container',
  usage: '<ns>/<pod>[/<container>]',
  summary: "kill a container's process; the kubelet restarts it (CrashLoopBackOff)",
  create: (ctx) => new CrashContainer(ctx),
};
