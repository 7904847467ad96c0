import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src-shared/util/clock';
import { SimRuntime } from '../../../src-cluster/kubelet/cri/sim/sim-runtime';
import { CriError } from '../../../src-cluster/kubelet/cri/errors';
import type { PodSandboxConfig } from '../../../src-cluster/kubelet/cri/runtime-service';

const flush = () => new Promise((r) => setImmediate(r));

async function setup(command: string[], image = 'busybox:1.36', mem?: string) {
  const clock = new FakeClock();
  const rt = new SimRuntime({ clock, podCIDR: '10.244.3.0/24', pullTimeScale: 0 });
  const config: PodSandboxConfig = {
    metadata: { name: 'p', uid: 'u1', namespace: 'default', attempt: 0 },
    hostname: 'p',
    logDirectory: '/var/log/pods/default_p_u1',
    labels: { 'io.kubernetes.pod.uid': 'u1' },
  };
  const { podSandboxId } = await rt.runPodSandbox({ config });
  await rt.pullImage({ image: { image } });
  const { containerId } = await rt.createContainer({
    podSandboxId,
    sandboxConfig: config,
    config: {
      metadata: { name: 'c', attempt: 0 },
      image: { image },
      command,
      labels: { 'io.kubernetes.pod.uid': 'u1' },
      envs: [{ key: 'FOO', value: 'bar' }],
      linux: mem ? { resources: { memoryLimitInBytes: mem } } : {},
    },
  });
  await rt.startContainer({ containerId });
  const status = async () => (await rt.containerStatus({ containerId })).status;
  return { clock, rt, containerId, podSandboxId, status };
}

describe('sim runtime', () => {
  it('gives each sandbox an IP from the pod CIDR', async () => {
    const { rt, podSandboxId } = await setup(['sleep', '10']);
    expect((await rt.podSandboxStatus({ podSandboxId })).status.network.ip).toBe('10.244.3.2');
  });

  it("runs sh -c 'echo; sleep; exit 3' on the clock and logs with timestamps", async () => {
    const { clock, rt, containerId, status } = await setup([
      'sh',
      '-c',
      'echo starting; sleep 5; exit 3',
    ]);
    expect((await status()).state).toBe('CONTAINER_RUNNING');
    clock.advance(4999);
    expect((await status()).state).toBe('CONTAINER_RUNNING');
    clock.advance(1);
    const s = await status();
    expect(s).toMatchObject({ state: 'CONTAINER_EXITED', exitCode: 3, reason: 'Error' });
    expect(rt.readLog(containerId).map((l) => l.text)).toEqual(['starting']);
  });

  it('kills a process over its memory limit with OOMKilled/137', async () => {
    const { clock, status } = await setup(
      ['stress', '--vm-bytes', '200M'],
      'polinux/stress',
      String(64 * 1024 * 1024),
    );
    clock.advance(200);
    expect(await status()).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
  });

  it('stop: a shell ignores SIGTERM until the timeout, a server exits at once', async () => {
    const sh = await setup(['sh', '-c', 'while true; do echo hi; sleep 1; done']);
    let done = false;
    const stopping = sh.rt
      .stopContainer({ containerId: sh.containerId, timeout: 30 })
      .then(() => (done = true));
    sh.clock.advance(29_000);
    await flush();
    expect(done).toBe(false);
    sh.clock.advance(1000);
    await stopping;
    expect(await sh.status()).toMatchObject({ exitCode: 137 });

    const web = await setup([], 'nginx:1.27');
    await web.rt.stopContainer({ containerId: web.containerId, timeout: 30 });
    expect(await web.status()).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });

  it('fails unknown images after a pull attempt, like containerd', async () => {
    const clock = new FakeClock();
    const rt = new SimRuntime({ clock });
    const pull = rt.pullImage({ image: { image: 'nginxx' } });
    clock.advance(1000);
    await expect(pull).rejects.toThrow(
      /failed to pull and unpack image "docker.io\/library\/nginxx:latest".*pull access denied/,
    );
  });

  it('answers execs with built-in commands and fails unknown binaries', async () => {
    const { rt, containerId } = await setup(['sleep', 'infinity']);
    const r = await rt.execSync({
      containerId,
      cmd: ['sh', '-c', 'echo $FOO; hostname; exit 4'],
      timeout: 1,
    });
    expect(r.stdout.toString()).toBe('bar\np\n');
    expect(r.exitCode).toBe(4);
    const ps = await rt.execSync({ containerId, cmd: ['ps'], timeout: 1 });
    expect(ps.stdout.toString()).toContain('sleep infinity');
    const missing = await rt.execSync({ containerId, cmd: ['curl'], timeout: 1 });
    expect(missing.exitCode).not.toBe(0);
  });

  it('fault hooks: crashContainer and stopRuntime', async () => {
    const { rt, status } = await setup([], 'nginx:1.27');
    expect(rt.crashContainer('u1', 'c')).toBe(true);
    expect(await status()).toMatchObject({
      state: 'CONTAINER_EXITED',
      exitCode: 1,
      reason: 'Error',
    });
    rt.stopRuntime();
    await expect(rt.listContainers({})).rejects.toBeInstanceOf(CriError);
    rt.startRuntime();
    expect((await rt.listContainers({})).containers).toHaveLength(1);
  });
});
