import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Event, Node, Pod } from 'kubernetes-types/core/v1';
import type { Lease } from 'kubernetes-types/coordination/v1';
import { isNotFound } from '../../../src-cluster/client';
import { EVENTS, LEASES, NODES, PODS, startEnv, type Env } from './harness';

let env: Env;
beforeEach(async () => {
  env = await startEnv();
});
afterEach(async () => {
  await env.stop();
});

const cond = (p: Pod, type: string) => p.status?.conditions?.find((c) => c.type === type)?.status;
const cs = (p: Pod, i = 0) => p.status?.containerStatuses?.[i];

async function events(reason: string): Promise<Event[]> {
  const list = await env.client.resource<Event>(EVENTS).namespace('default').list();
  return list.items.filter((e) => e.reason === reason);
}

describe('kubelet against the real API server', () => {
  it('registers its node with capacity, allocatable, conditions, addresses and nodeInfo', async () => {
    const node = await env.client.resource<Node>(NODES).get('worker-1');
    expect(node.metadata?.labels).toMatchObject({
      'kubernetes.io/hostname': 'worker-1',
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
    });
    expect(node.spec?.podCIDR).toBe('10.244.1.0/24');
    expect(node.status?.capacity).toMatchObject({ cpu: '2', memory: '2097152Ki', pods: '110' });
    // 2Gi minus eviction-hard 100Mi
    expect(node.status?.allocatable?.memory).toBe(`${2097152 - 102400}Ki`);
    const types = node.status?.conditions?.map((c) => `${c.type}=${c.status}`);
    expect(types).toEqual([
      'MemoryPressure=False',
      'DiskPressure=False',
      'PIDPressure=False',
      'Ready=True',
    ]);
    expect(node.status?.addresses).toEqual([
      { type: 'InternalIP', address: '127.0.0.1' },
      { type: 'Hostname', address: 'worker-1' },
    ]);
    expect(node.status?.nodeInfo).toMatchObject({
      kubeletVersion: 'v1.32.0-kubelab',
      containerRuntimeVersion: 'sim://1.0',
    });
    expect(node.status?.daemonEndpoints?.kubeletEndpoint?.Port).toBe(env.kubelet.streamingPort);
    expect(env.kubelet.streamingPort).toBeGreaterThan(0);
    const lease = await env.client
      .resource<Lease>(LEASES)
      .namespace('kube-node-lease')
      .get('worker-1');
    expect(lease.spec).toMatchObject({ holderIdentity: 'worker-1', leaseDurationSeconds: 40 });
  });

  it('runs a bound pod: Pending → Running with every condition True and a pod IP', async () => {
    await env.createPod({
      spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
    });
    await env.until(async () => (await env.pod('web')).status?.phase === 'Running');
    const pod = await env.pod('web');
    for (const t of [
      'PodScheduled',
      'Initialized',
      'ContainersReady',
      'Ready',
      'PodReadyToStartContainers',
    ])
      expect(cond(pod, t), t).toBe('True');
    expect(pod.status?.podIP).toMatch(/^10\.244\.1\.\d+$/);
    expect(pod.status?.hostIP).toBe('127.0.0.1');
    expect(cs(pod)?.state?.running).toBeDefined();
    expect(cs(pod)?.containerID).toMatch(/^sim:\/\//);
    const reasons = new Set(
      (await env.client.resource<Event>(EVENTS).namespace('default').list()).items.map(
        (e) => e.reason,
      ),
    );
    for (const r of ['Pulling', 'Pulled', 'Created', 'Started'])
      expect(reasons.has(r), r).toBe(true);
    // The streaming server serves the container's log from the sim runtime.
    const res = await fetch(
      `http://127.0.0.1:${env.kubelet.streamingPort}/containerLogs/default/web/web`,
    );
    expect(await res.text()).toContain('Configuration complete; ready for start up');
    const started = await events('Started');
    expect(started[0]?.source).toEqual({ component: 'kubelet', host: 'worker-1' });
  });

  it('puts a crashing container into CrashLoopBackOff with growing restart delays', async () => {
    await env.createPod(
      {
        spec: {
          containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'exit 1'] }],
        },
      },
      'crash',
    );
    await env.until(
      async () => cs(await env.pod('crash'))?.state?.waiting?.reason === 'CrashLoopBackOff',
    );
    let pod = await env.pod('crash');
    expect(cs(pod)?.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(cs(pod)?.state?.waiting?.message).toMatch(/^back-off 10s restarting failed container=c/);
    // Restarts happen at ever longer intervals: measure the fake time between restartCount bumps.
    const at: number[] = [];
    let last = cs(pod)?.restartCount ?? 0;
    while (at.length < 3) {
      await env.advance(1000, 1000);
      pod = await env.pod('crash');
      const n = cs(pod)?.restartCount ?? 0;
      if (n !== last) {
        at.push(env.clock.now());
        last = n;
      }
    }
    const gaps = [at[1]! - at[0]!, at[2]! - at[1]!];
    expect(gaps[0]).toBeGreaterThanOrEqual(20_000);
    expect(gaps[0]).toBeLessThan(24_000);
    expect(gaps[1]).toBeGreaterThanOrEqual(40_000);
    expect(gaps[1]).toBeLessThan(44_000);
    expect(pod.status?.phase).toBe('Running');
    expect((await events('BackOff')).length).toBeGreaterThan(0);
  });

  it('restarts a container whose liveness probe fails', async () => {
    await env.createPod(
      {
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1.27',
              livenessProbe: {
                httpGet: { path: '/', port: 80 },
                periodSeconds: 5,
                failureThreshold: 2,
              },
            },
          ],
        },
      },
      'live',
    );
    await env.until(async () => cond(await env.pod('live'), 'Ready') === 'True');
    const pod = await env.pod('live');
    env.runtime.failProbe(pod.metadata!.uid!, 'web', 'liveness', true);
    await env.until(async () => (cs(await env.pod('live'))?.restartCount ?? 0) >= 1);
    const unhealthy = await events('Unhealthy');
    expect(unhealthy[0]?.message).toBe(
      'Liveness probe failed: HTTP probe failed with statuscode: 500',
    );
    expect(
      (await events('Killing')).some((e) => /failed liveness probe/.test(e.message ?? '')),
    ).toBe(true);
  });

  it('flips Ready to False when the readiness probe fails, and back', async () => {
    await env.createPod(
      {
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1.27',
              readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 2 },
            },
          ],
        },
      },
      'ready',
    );
    await env.until(async () => cond(await env.pod('ready'), 'Ready') === 'True');
    const uid = (await env.pod('ready')).metadata!.uid!;
    env.runtime.failProbe(uid, 'web', 'readiness', true);
    await env.until(async () => cond(await env.pod('ready'), 'Ready') === 'False');
    const pod = await env.pod('ready');
    expect(cond(pod, 'ContainersReady')).toBe('False');
    expect(pod.status?.phase).toBe('Running');
    expect(cs(pod)?.restartCount).toBe(0);
    env.runtime.failProbe(uid, 'web', 'readiness', false);
    await env.until(async () => cond(await env.pod('ready'), 'Ready') === 'True');
  });

  it('deletes gracefully: stops containers, waits out a TERM-ignoring shell, then removes the pod', async () => {
    await env.createPod(
      {
        spec: {
          terminationGracePeriodSeconds: 20,
          containers: [
            {
              name: 'sh',
              image: 'busybox:1.36',
              command: ['sh', '-c', 'while true; do echo hi; sleep 1; done'],
            },
          ],
        },
      },
      'term',
    );
    await env.until(async () => (await env.pod('term')).status?.phase === 'Running');
    const uid = (await env.pod('term')).metadata!.uid!;
    await env.client.resource<Pod>(PODS).namespace('default').delete('term');
    // The shell ignores SIGTERM: after 10 s of grace the pod is still there.
    await env.advance(10_000);
    expect((await env.pod('term')).metadata?.deletionTimestamp).toBeDefined();
    const running = (
      await env.runtime.listContainers({
        filter: { labelSelector: { 'io.kubernetes.pod.uid': uid } },
      })
    ).containers;
    expect(running.some((c) => c.state === 'CONTAINER_RUNNING')).toBe(true);
    // At the end of the grace period it is killed and the kubelet issues the final delete.
    await env.until(async () => {
      try {
        await env.pod('term');
        return false;
      } catch (e) {
        return isNotFound(e);
      }
    }, 30_000);
    const after = (await env.runtime.listContainers({})).containers.filter(
      (c) => c.labels['io.kubernetes.pod.uid'] === uid,
    );
    expect(after.every((c) => c.state !== 'CONTAINER_RUNNING')).toBe(true);
    expect((await events('Killing')).length).toBeGreaterThan(0);
  });

  it('kill() stops lease renewals while containers keep running; restart() resumes', async () => {
    await env.createPod({ spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } });
    await env.until(async () => (await env.pod('web')).status?.phase === 'Running');
    const leases = env.client.resource<Lease>(LEASES).namespace('kube-node-lease');
    const before = (await leases.get('worker-1')).spec?.renewTime;
    await env.advance(11_000);
    const renewed = (await leases.get('worker-1')).spec?.renewTime;
    expect(renewed).not.toBe(before);
    env.kubelet.kill();
    await env.advance(60_000);
    const frozen = (await leases.get('worker-1')).spec?.renewTime;
    await env.advance(60_000);
    expect((await leases.get('worker-1')).spec?.renewTime).toBe(frozen);
    const { containers } = await env.runtime.listContainers({});
    expect(containers.some((c) => c.state === 'CONTAINER_RUNNING')).toBe(true);
    await env.kubelet.restart();
    await env.advance(11_000);
    expect((await leases.get('worker-1')).spec?.renewTime).not.toBe(frozen);
  });
});
