/**
 * A real kubelab API server plus one kubelet on a sim runtime, all kubelet time on a FakeClock.
 * `advance(ms)` moves the fake clock in small steps and lets real I/O (HTTP to the API server)
 * settle between steps; `until(cond)` advances until cond holds.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { FakeClock } from '../../../src-shared/util/clock';
import { ApiClient, HttpTransport } from '../../../src-cluster/client';
import { RESOURCES } from '../../../src-cluster/api/resources';
import { startKubelet, type RunningKubelet } from '../../../src-cluster/cmd/kubelet';
import { SimRuntime } from '../../../src-cluster/kubelet/cri/sim/sim-runtime';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver';

export const PODS = RESOURCES.find((r) => r.resource === 'pods' && r.group === '')!;
export const NODES = RESOURCES.find((r) => r.resource === 'nodes')!;
export const LEASES = RESOURCES.find((r) => r.resource === 'leases')!;
export const EVENTS = RESOURCES.find((r) => r.resource === 'events' && r.group === '')!;

export interface Env {
  api: TestApiServer;
  client: ApiClient;
  clock: FakeClock;
  runtime: SimRuntime;
  kubelet: RunningKubelet;
  advance(ms: number, stepMs?: number): Promise<void>;
  until(cond: () => Promise<boolean>, maxMs?: number, stepMs?: number): Promise<void>;
  pod(name: string): Promise<Pod>;
  createPod(pod: Partial<Pod> & { spec: Pod['spec'] }, name?: string): Promise<Pod>;
  stop(): Promise<void>;
}

const settle = () => new Promise((r) => setTimeout(r, 5));

export async function startEnv(
  nodeName = 'worker-1',
  role: 'master' | 'worker' = 'worker',
): Promise<Env> {
  const api = await startTestApiServer();
  const client = new ApiClient({
    transport: new HttpTransport({ server: api.httpUrl }),
    component: 'kubelet',
  });
  const clock = new FakeClock(Date.now());
  const runtime = new SimRuntime({ clock, nodeName, podCIDR: '10.244.1.0/24' });
  const kubelet = await startKubelet({
    client,
    nodeName,
    role,
    runtime,
    clock,
    podCIDR: '10.244.1.0/24',
  });
  const advance = async (ms: number, stepMs = 500) => {
    for (let t = 0; t < ms; t += stepMs) {
      clock.advance(Math.min(stepMs, ms - t));
      await settle();
    }
    await settle();
  };
  const pods = client.resource<Pod>(PODS).namespace('default');
  return {
    api,
    client,
    clock,
    runtime,
    kubelet,
    advance,
    async until(cond, maxMs = 120_000, stepMs = 500) {
      for (let t = 0; t <= maxMs; t += stepMs) {
        if (await cond()) return;
        clock.advance(stepMs);
        await settle();
        await settle();
      }
      throw new Error(`condition not met within ${maxMs} ms of fake time`);
    },
    pod: (name) => pods.get(name),
    createPod: (p, name = 'web') =>
      pods.create({
        apiVersion: 'v1',
        kind: 'Pod',
        ...p,
        metadata: { name, namespace: 'default', ...(p.metadata ?? {}) },
        spec: { nodeName, ...p.spec! },
      }),
    async stop() {
      await kubelet.stop();
      runtime.shutdown();
      await api.stop();
    },
  };
}
