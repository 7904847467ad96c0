/**
 * Static pods inside the kubelet: the file source (config/static-pods.ts) feeds pods the kubelet
 * runs like any other, and MirrorPods keeps their stand-ins in the API. This is the glue — which
 * static pods exist, which pod a mirror event concerns, where a static pod's status goes — so
 * kubelet.ts only forwards informer events and asks it before syncing and reporting.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { Clock } from '../../src-shared/util/clock';
import { StaticPodSource } from './config/static-pods';
import { isMirrorPod, isStaticPod, type MirrorPods } from './mirror-pods';

export interface StaticPodHost {
  /** Start (or keep) syncing this pod. */
  run(pod: Pod): void;
  /** Stop this pod: kill its containers and remove what it had on the node. */
  stop(pod: Pod): void;
  enqueue(uid: string): void;
  log: (msg: string, err?: unknown) => void;
}

const nameOf = (p: Pod) => `${p.metadata!.namespace ?? 'default'}/${p.metadata!.name}`;

export class StaticPodManager {
  private source: StaticPodSource | undefined;
  private pods = new Map<string, Pod>();
  private started = false;

  constructor(
    private readonly mirrors: MirrorPods,
    private readonly host: StaticPodHost,
  ) {}

  start(o: { dir: string; nodeName: string; clock: Clock; periodMs: number }): void {
    if (o.dir) {
      this.source = new StaticPodSource({
        ...o,
        onChange: (pods) => this.changed(pods),
        log: this.host.log,
      });
      this.source.start();
    }
    // Only now is the set of static pods known: mirrors seen so far without one are orphans (a
    // manifest removed while the kubelet was down).
    this.started = true;
    for (const m of this.mirrors.all()) this.dropIfOrphan(m);
  }

  private dropIfOrphan(mirror: Pod): void {
    if (!this.started || [...this.pods.values()].some((s) => nameOf(s) === nameOf(mirror))) return;
    this.mirrors.remove(mirror).catch((e) => this.host.log('orphaned mirror pod delete failed', e));
  }

  stop(): void {
    this.source?.stop();
    this.source = undefined;
  }

  /** The folder changed: run the new pods, stop the removed ones and delete their mirrors. */
  private changed(pods: Pod[]): void {
    const next = new Map(pods.map((p) => [p.metadata!.uid!, p]));
    const names = new Set(pods.map(nameOf));
    for (const [uid, old] of this.pods) {
      if (next.has(uid)) continue;
      this.host.stop(old);
      // An edited manifest keeps its name: the new pod's sync replaces the mirror instead.
      if (!names.has(nameOf(old)))
        this.mirrors.remove(old).catch((e) => this.host.log('mirror pod delete failed', e));
    }
    this.pods = next;
    for (const p of pods) this.host.run(p);
  }

  /** Informer event for a pod: true when it was a mirror (which the kubelet must not run). */
  onApiPod(p: Pod, deleted: boolean): boolean {
    if (!isMirrorPod(p)) return false;
    if (deleted) this.mirrors.forget(p);
    else {
      this.mirrors.observe(p);
      this.dropIfOrphan(p);
    }
    for (const [uid, s] of this.pods) if (nameOf(s) === nameOf(p)) this.host.enqueue(uid);
    return true;
  }

  /** Before syncing a static pod: make sure its mirror exists (API trouble does not stop the pod). */
  async beforeSync(pod: Pod): Promise<void> {
    if (!isStaticPod(pod)) return;
    await this.mirrors.ensure(pod).catch((e) => this.host.log('mirror pod create failed', e));
  }

  /** Where the pod's status goes: itself, or for a static pod its mirror (none yet: nowhere). */
  statusTarget(pod: Pod): Pod | undefined {
    return isStaticPod(pod) ? this.mirrors.mirrorOf(pod) : pod;
  }
}
