/**
 * Static pods on the sim runtime (FakeClock, real API server): a manifest dropped into the folder
 * is picked up on the next file check, its mirror pod shows the static pod's status, an edited
 * manifest replaces pod and mirror, and a removed one takes both away.
 */
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FakeClock } from '../../../src-shared/util/clock';
import { ApiClient, HttpTransport } from '../../../src-cluster/client';
import { startKubelet, type RunningKubelet } from '../../../src-cluster/cmd/kubelet';
import { SimRuntime } from '../../../src-cluster/kubelet/cri/sim/sim-runtime';
import { LABELS } from '../../../src-cluster/kubelet/cri/runtime-service';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver';
import { PODS } from './harness';

let api: TestApiServer;
let kubelet: RunningKubelet;
let runtime: SimRuntime;
let client: ApiClient;
let clock: FakeClock;
let dir: string;

beforeAll(async () => {
  api = await startTestApiServer();
  client = new ApiClient({
    transport: new HttpTransport({ server: api.httpUrl }),
    component: 'kubelet',
  });
  clock = new FakeClock(Date.now());
  dir = mkdtempSync(join(tmpdir(), 'kubelab-sim-manifests-'));
  runtime = new SimRuntime({ clock, nodeName: 'master-1', podCIDR: '10.244.7.0/24' });
  kubelet = await startKubelet({
    client,
    nodeName: 'master-1',
    role: 'master',
    runtime,
    clock,
    podCIDR: '10.244.7.0/24',
    flags: { staticPodPath: dir },
  });
});

afterAll(async () => {
  await kubelet?.stop();
  runtime?.shutdown();
  await api?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const settle = () => new Promise((r) => setTimeout(r, 5));
async function until(cond: () => Promise<boolean>, maxMs = 60_000): Promise<void> {
  for (let t = 0; t <= maxMs; t += 500) {
    if (await cond()) return;
    clock.advance(500);
    await settle();
    await settle();
  }
  throw new Error('condition not met');
}

const mirror = async (): Promise<Pod | undefined> => {
  try {
    return await client.resource<Pod>(PODS).namespace('kube-system').get('apiserver-master-1');
  } catch {
    return undefined;
  }
};

const manifest = (image: string) => `apiVersion: v1
kind: Pod
metadata: {name: apiserver, namespace: kube-system}
spec:
  containers:
  - {name: main, image: "${image}"}
`;

it('runs, replaces and removes a static pod as its manifest comes, changes and goes', async () => {
  writeFileSync(join(dir, 'apiserver.yaml'), manifest('nginx:1.27'));
  // Up to one fileCheckFrequency (20 s) of fake time (fs.watch may be quicker).
  await until(async () => (await mirror())?.status?.phase === 'Running');
  const first = (await mirror())!;
  const hash = first.metadata!.annotations!['kubernetes.io/config.hash']!;
  const running = async (uid: string) =>
    (
      await runtime.listContainers({
        filter: { labelSelector: { [LABELS.podUid]: uid }, state: { state: 'CONTAINER_RUNNING' } },
      })
    ).containers;
  expect(await running(hash)).toHaveLength(1);
  expect(first.status?.containerStatuses?.[0]?.image).toBe('nginx:1.27');

  writeFileSync(join(dir, 'apiserver.yaml'), manifest('httpd:2.4'));
  await until(async () => {
    const m = await mirror();
    return (
      !!m &&
      m.metadata!.annotations!['kubernetes.io/config.hash'] !== hash &&
      m.status?.phase === 'Running'
    );
  });
  const second = (await mirror())!;
  expect(second.spec?.containers[0]?.image).toBe('httpd:2.4');
  await until(async () => (await running(hash)).length === 0);
  expect(await running(second.metadata!.annotations!['kubernetes.io/config.hash']!)).toHaveLength(
    1,
  );

  unlinkSync(join(dir, 'apiserver.yaml'));
  await until(async () => !(await mirror()));
  const { containers } = await runtime.listContainers({
    filter: { state: { state: 'CONTAINER_RUNNING' } },
  });
  expect(containers).toHaveLength(0);
});
