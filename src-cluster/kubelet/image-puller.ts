/**
 * Image pulls for container starts, per imagePullPolicy (upstream's imageManager): Never fails at
 * once when the image is absent (ErrImageNeverPull); IfNotPresent uses a present image; Always and
 * absent images pull, with a per-pod, per-image backoff (ErrImagePull, then ImagePullBackOff). The
 * events carry upstream's wording.
 */
import type { Container, Pod } from 'kubernetes-types/core/v1';
import type { Clock } from '../../src-shared/util/clock';
import type { Backoff } from './backoff';
import type { ImageService } from './cri/image-service';
import type { PodSandboxConfig } from './cri/runtime-service';
import type { Waiting } from './pod-status';

export interface ImagePullerDeps {
  runtime: ImageService;
  clock: Clock;
  pullBackoff: Backoff;
  event: (pod: Pod, type: 'Normal' | 'Warning', reason: string, msg: string, c?: string) => void;
  requeueAfter: (uid: string, ms: number) => void;
  waitingFor: (uid: string) => Map<string, Waiting>;
}

/** Upstream's defaulting: ":latest" or no tag pulls Always, anything else IfNotPresent. */
export function pullPolicy(c: Container): string {
  if (c.imagePullPolicy) return c.imagePullPolicy;
  const ref = (c.image ?? '').split('@')[0]!;
  const tagged = ref.lastIndexOf(':') > ref.lastIndexOf('/');
  return !tagged || ref.endsWith(':latest') ? 'Always' : 'IfNotPresent';
}

export class ImagePuller {
  private readonly pullFailedAt = new Map<string, number>();

  constructor(private readonly d: ImagePullerDeps) {}

  /** True when the image is there to create the container from; otherwise the reason is noted. */
  async ensure(
    pod: Pod,
    c: Container,
    onProgress: () => Promise<void>,
    sandboxConfig?: PodSandboxConfig,
  ): Promise<boolean> {
    const uid = pod.metadata!.uid!;
    const image = c.image ?? '';
    const policy = pullPolicy(c);
    const present = !!(await this.d.runtime.imageStatus({ image: { image } })).image;
    if (policy === 'Never' && !present) {
      const msg = `Container image "${image}" is not present with pull policy of Never`;
      this.d.waitingFor(uid).set(c.name, { reason: 'ErrImageNeverPull', message: msg });
      this.d.event(pod, 'Warning', 'ErrImageNeverPull', msg, c.name);
      return false;
    }
    if (present && policy !== 'Always') {
      this.d.event(
        pod,
        'Normal',
        'Pulled',
        `Container image "${image}" already present on machine`,
        c.name,
      );
      return true;
    }
    const key = `${uid}/pull/${image}`;
    const last = this.pullFailedAt.get(key) ?? 0;
    const wait = this.d.pullBackoff.remaining(key, last);
    if (wait > 0) {
      const msg = `Back-off pulling image "${image}"`;
      this.d.waitingFor(uid).set(c.name, { reason: 'ImagePullBackOff', message: msg });
      this.d.event(pod, 'Normal', 'BackOff', msg, c.name);
      this.d.requeueAfter(uid, wait);
      return false;
    }
    this.d.event(pod, 'Normal', 'Pulling', `Pulling image "${image}"`, c.name);
    this.d.waitingFor(uid).set(c.name, { reason: 'ContainerCreating' });
    await onProgress();
    const started = this.d.clock.now();
    try {
      // The pod's sandbox config goes along, as upstream's kubelet sends it: the runtime may use it
      // (runtime handler), and the trace of the pull carries the pod's uid.
      await this.d.runtime.pullImage({ image: { image }, sandboxConfig });
    } catch (e) {
      const msg = (e as Error).message;
      this.pullFailedAt.set(key, this.d.clock.now());
      this.d.pullBackoff.next(key, this.d.clock.now());
      this.d.waitingFor(uid).set(c.name, { reason: 'ErrImagePull', message: msg });
      this.d.event(pod, 'Warning', 'Failed', `Failed to pull image "${image}": ${msg}`, c.name);
      this.d.event(pod, 'Warning', 'Failed', 'Error: ErrImagePull', c.name);
      this.d.requeueAfter(uid, this.d.pullBackoff.current(key));
      return false;
    }
    this.pullFailedAt.delete(key);
    const secs = ((this.d.clock.now() - started) / 1000).toFixed(3).replace(/\.?0+$/, '') || '0';
    const size = (await this.d.runtime.imageStatus({ image: { image } })).image?.size ?? '0';
    this.d.event(
      pod,
      'Normal',
      'Pulled',
      `Successfully pulled image "${image}" in ${secs}s (${secs}s including waiting). Image size: ${size} bytes.`,
      c.name,
    );
    return true;
  }
}
