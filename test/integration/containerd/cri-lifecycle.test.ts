/**
 * ContainerdRuntime against a real containerd (test/support/containerd.ts): the CRI sequence the
 * kubelet drives for one pod, the pod's IP from the CNI range, ExecSync, resource limits in the
 * container's cgroup, an OOM kill reported as OOMKilled/137, and a teardown that leaves nothing.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodSandboxConfig } from '../../../src-cluster/kubelet/cri/runtime-service';
import { LABELS } from '../../../src-cluster/kubelet/cri/runtime-service';
import { linuxResources } from '../../../src-cluster/kubelet/resources';
import {
  cgroupDirs,
  podCgroupParent,
} from '../../../src-cluster/kubelet/cri/containerd/pod-cgroups';
import { IMAGES, startContainerd, type TestContainerd } from '../../support/containerd';

let ctrd: TestContainerd;

beforeAll(async () => {
  ctrd = await startContainerd({ podCIDR: '10.88.7.0/24' });
});
afterAll(async () => {
  await ctrd?.stop();
});

function sandboxConfig(name: string): PodSandboxConfig {
  const uid = `uid-${name}-${Date.now()}`;
  return {
    metadata: { name, uid, namespace: 'default', attempt: 0 },
    hostname: name,
    logDirectory: `${ctrd.dir}/pods/default_${name}_${uid}`,
    dnsConfig: { servers: [], searches: [], options: [] },
    labels: { [LABELS.podUid]: uid, [LABELS.podName]: name, [LABELS.podNamespace]: 'default' },
    annotations: {},
    linux: { securityContext: { namespaceOptions: { network: 'POD' } } },
  };
}

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('ContainerdRuntime on a real containerd', () => {
  it('reports itself and the imported images', async () => {
    const rt = ctrd.runtime;
    const v = await rt.version({ version: 'v1' });
    expect(v.runtimeName).toBe('containerd');
    expect(v.runtimeApiVersion).toBe('v1');
    const st = await rt.status({});
    expect(st.status.conditions.map((c) => [c.type, c.status])).toEqual([
      ['RuntimeReady', true],
      ['NetworkReady', true],
    ]);
    const { images } = await rt.listImages({});
    const tags = images.flatMap((i) => i.repoTags);
    expect(tags).toEqual(expect.arrayContaining([IMAGES.pause, IMAGES.web, IMAGES.shell]));
    expect((await rt.imageStatus({ image: { image: IMAGES.web } })).image?.repoTags).toContain(
      IMAGES.web,
    );
    expect((await rt.imageStatus({ image: { image: 'localhost/kubelab/nope:1' } })).image).toBe(
      undefined,
    );
    // PullImage always asks the registry; with none reachable it fails with containerd's words
    // (the kubelet turns that into ErrImagePull).
    await expect(
      rt.pullImage({ image: { image: 'localhost/kubelab/nope:1' } }),
    ).rejects.toMatchObject({
      code: 'Unknown',
      message: expect.stringMatching(/^failed to pull and unpack image/),
    });
  });

  it('runs a pod: sandbox IP from the pod CIDR, container running, exec, limits, clean removal', async () => {
    const rt = ctrd.runtime;
    const config = sandboxConfig('demo');
    const { podSandboxId } = await rt.runPodSandbox({ config });
    const { status: sb } = await rt.podSandboxStatus({ podSandboxId });
    expect(sb.state).toBe('SANDBOX_READY');
    expect(sb.network.ip).toMatch(/^10\.88\.7\.\d+$/);

    const { containerId } = await rt.createContainer({
      podSandboxId,
      sandboxConfig: config,
      config: {
        metadata: { name: 'shell', attempt: 0 },
        image: { image: IMAGES.shell },
        command: ['sh', '-c', "trap 'exit 0' TERM; while true; do sleep 1; done"],
        envs: [{ key: 'GREETING', value: 'hello' }],
        labels: { ...config.labels, [LABELS.containerName]: 'shell' },
        logPath: 'shell/0.log',
        linux: { resources: linuxResources({ limits: { memory: '64Mi', cpu: '500m' } }) },
      },
    });
    await rt.startContainer({ containerId });
    const { status } = await rt.containerStatus({ containerId });
    expect(status.state).toBe('CONTAINER_RUNNING');
    expect(status.logPath).toBe(`${config.logDirectory}/shell/0.log`);

    const hi = await rt.execSync({ containerId, cmd: ['echo', 'hi'], timeout: 10 });
    expect(hi.exitCode).toBe(0);
    expect(hi.stdout.toString().trim()).toBe('hi');
    const cg = await rt.execSync({
      containerId,
      cmd: [
        'sh',
        '-c',
        'echo $GREETING; cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/cpu/cpu.cfs_quota_us',
      ],
      timeout: 10,
    });
    expect(cg.stdout.toString().split('\n').slice(0, 3)).toEqual(['hello', '67108864', '50000']);

    await rt.updateContainerResources({
      containerId,
      linux: linuxResources({ limits: { memory: '128Mi', cpu: '200m' } }),
    });
    const up = await rt.execSync({
      containerId,
      cmd: [
        'cat',
        '/sys/fs/cgroup/memory/memory.limit_in_bytes',
        '/sys/fs/cgroup/cpu/cpu.cfs_quota_us',
      ],
      timeout: 10,
    });
    expect(up.stdout.toString().split('\n').slice(0, 2)).toEqual(['134217728', '20000']);

    const mine = { labelSelector: { [LABELS.podUid]: config.metadata.uid } };
    expect((await rt.listContainers({ filter: mine })).containers.map((c) => c.id)).toEqual([
      containerId,
    ]);
    expect((await rt.listPodSandbox({ filter: mine })).items.map((s) => s.id)).toEqual([
      podSandboxId,
    ]);
    const parent = podCgroupParent(config.metadata.uid);
    expect(cgroupDirs(parent).length).toBeGreaterThan(0);

    await rt.stopContainer({ containerId, timeout: 2 });
    const stopped = (await rt.containerStatus({ containerId })).status;
    expect([stopped.state, stopped.exitCode]).toEqual(['CONTAINER_EXITED', 0]);
    await rt.removeContainer({ containerId });
    await rt.stopPodSandbox({ podSandboxId });
    await rt.removePodSandbox({ podSandboxId });
    // Idempotent, as the kubelet expects.
    await rt.removePodSandbox({ podSandboxId });
    await rt.stopContainer({ containerId, timeout: 0 });

    expect((await rt.listContainers({})).containers).toEqual([]);
    expect((await rt.listPodSandbox({})).items).toEqual([]);
    expect(cgroupDirs(parent)).toEqual([]);
    expect(existsSync(`/sys/fs/cgroup/memory${parent}`)).toBe(false);
  });

  it('a container allocating 200 MB under a 64 MiB limit exits OOMKilled with 137', async () => {
    const rt = ctrd.runtime;
    const config = sandboxConfig('hog');
    const { podSandboxId } = await rt.runPodSandbox({ config });
    const { containerId } = await rt.createContainer({
      podSandboxId,
      sandboxConfig: config,
      config: {
        metadata: { name: 'hog', attempt: 0 },
        image: { image: IMAGES.shell },
        // dd holds a 200 MB block in memory: the kernel's OOM killer ends it (PID 1 via exec).
        command: ['sh', '-c', 'exec dd if=/dev/zero of=/dev/null bs=200M count=1'],
        labels: config.labels,
        logPath: 'hog/0.log',
        linux: { resources: linuxResources({ limits: { memory: '64Mi' } }) },
      },
    });
    await rt.startContainer({ containerId });
    const status = await until('the hog to exit', async () => {
      const s = (await rt.containerStatus({ containerId })).status;
      return s.state === 'CONTAINER_EXITED' ? s : undefined;
    });
    expect([status.reason, status.exitCode]).toEqual(['OOMKilled', 137]);
    await rt.stopPodSandbox({ podSandboxId });
    await rt.removePodSandbox({ podSandboxId });
    expect((await rt.listPodSandbox({})).items).toEqual([]);
  });
});
