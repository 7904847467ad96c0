import { describe, expect, it } from 'vitest';
import { TraceRing } from '../../../src-shared/trace';
import { FakeClock } from '../../../src-shared/util/clock';
import { tracedRuntime } from '../../../src-cluster/kubelet/cri/traced-runtime';

// A minimal runtime: what matters here is what the wrapper records, not what a runtime does.
const runtime = {
  async runPodSandbox(_req: { config: { metadata: { uid: string } } }) {
    return { podSandboxId: 'sb-1' };
  },
  async pullImage(_req: {
    image: { image: string };
    sandboxConfig?: { metadata: { uid: string } };
  }) {
    return { imageRef: 'sha256:1' };
  },
  async createContainer(_req: {
    podSandboxId: string;
    config: { labels: Record<string, string> };
  }) {
    return { containerId: 'c-1' };
  },
  async startContainer(_req: { containerId: string }) {},
  async removeContainer(_req: { containerId: string }) {},
};

describe('tracedRuntime', () => {
  it('tags every CRI call of a pod with its uid, container calls included', async () => {
    const ring = new TraceRing();
    const rt = tracedRuntime(runtime, ring, new FakeClock(0), 'worker-1');
    const sandboxConfig = { metadata: { uid: 'pod-uid-1' } };
    await rt.runPodSandbox({ config: sandboxConfig });
    await rt.pullImage({ image: { image: 'web' }, sandboxConfig });
    await rt.createContainer({
      podSandboxId: 'sb-1',
      config: { labels: { 'io.kubernetes.pod.uid': 'pod-uid-1' } },
    });
    await rt.startContainer({ containerId: 'c-1' });
    await rt.removeContainer({ containerId: 'c-1' });
    // Forgotten once removed: a later call naming the id has no pod to claim.
    await rt.startContainer({ containerId: 'c-1' });
    expect(ring.events().map((e) => [e.verb, e.causalId])).toEqual([
      ['RunPodSandbox', 'pod-uid-1'],
      ['PullImage', 'pod-uid-1'],
      ['CreateContainer', 'pod-uid-1'],
      ['StartContainer', 'pod-uid-1'],
      ['RemoveContainer', 'pod-uid-1'],
      ['StartContainer', undefined],
    ]);
    expect(ring.events()[0]).toMatchObject({
      from: { component: 'kubelet', instance: 'worker-1' },
      to: { component: 'runtime', instance: 'worker-1' },
      outcome: 'ok',
    });
  });
});
