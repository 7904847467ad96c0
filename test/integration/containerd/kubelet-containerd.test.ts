/**
 * The kubelet on a real containerd: a kubelab API server, startKubelet() with a ContainerdRuntime,
 * and a pod bound to the node. The pod reaches Running with an IP from the node's pod CIDR, serves
 * HTTP on it from the host, and deleting it leaves no sandbox or container behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RESOURCES } from '../../../src-cluster/api/resources';
import { ApiClient, HttpTransport } from '../../../src-cluster/client';
import { startKubelet, type RunningKubelet } from '../../../src-cluster/cmd/kubelet';
import { ContainerdRuntime } from '../../../src-cluster/kubelet/cri/containerd/containerd-runtime';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver';
import { IMAGES, startContainerd, type TestContainerd } from '../../support/containerd';

const PODS = RESOURCES.find((r) => r.resource === 'pods' && r.group === '')!;
const NODES = RESOURCES.find((r) => r.resource === 'nodes')!;
const POD_CIDR = '10.88.9.0/24';

let ctrd: TestContainerd;
let api: TestApiServer;
let runtime: ContainerdRuntime;
let kubelet: RunningKubelet;
let client: ApiClient;
let logsDir: string;

beforeAll(async () => {
  ctrd = await startContainerd({ podCIDR: POD_CIDR });
  api = await startTestApiServer();
  client = new ApiClient({
    transport: new HttpTransport({ server: api.httpUrl }),
    component: 'kubelet',
  });
  logsDir = mkdtempSync(join(tmpdir(), 'kubelab-podlogs-'));
  runtime = new ContainerdRuntime(ctrd.socket);
  kubelet = await startKubelet({
    client,
    nodeName: 'worker-1',
    runtime,
    podCIDR: POD_CIDR,
    flags: { podLogsDir: logsDir },
  });
});

afterAll(async () => {
  await kubelet?.stop();
  runtime?.close();
  await ctrd?.stop();
  await api?.stop();
  if (logsDir) rmSync(logsDir, { recursive: true, force: true });
});

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

it('runs a bound pod to Running with a real pod IP, and tears it down on delete', async () => {
  const node = await client.resource<Node>(NODES).get('worker-1');
  expect(node.status?.nodeInfo?.containerRuntimeVersion).toMatch(/^containerd:\/\//);
  // A node on a real runtime reports the real machine, not the sim's 2 CPUs / 2Gi.
  expect(node.status?.capacity?.cpu).toBe(String(cpus().length));
  expect(node.status?.nodeInfo?.kernelVersion).toBe(release());

  const pods = client.resource<Pod>(PODS).namespace('default');
  await pods.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      nodeName: 'worker-1',
      terminationGracePeriodSeconds: 1,
      containers: [
        {
          name: 'web',
          image: IMAGES.web,
          resources: { limits: { memory: '64Mi' } },
          readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 1 },
        },
      ],
    },
  });
  const running = await until('pod web Ready', async () => {
    const p = await pods.get('web');
    const ready = p.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
    return p.status?.phase === 'Running' && ready ? p : undefined;
  });
  const ip = running.status!.podIP!;
  expect(ip).toMatch(/^10\.88\.9\.\d+$/);
  expect(running.status?.containerStatuses?.[0]?.containerID).toMatch(/^containerd:\/\//);
  const body = await (await fetch(`http://${ip}/`, { signal: AbortSignal.timeout(5000) })).text();
  expect(body.trim()).toBe('hello from kubelab');

  await pods.delete('web');
  await until('pod web gone', async () => {
    try {
      await pods.get('web');
      return undefined;
    } catch {
      return true;
    }
  });
  // Stopped by the kubelet; removed sandboxes and containers follow from its container GC.
  const { items } = await runtime.listPodSandbox({});
  expect(items.every((s) => s.state === 'SANDBOX_NOTREADY')).toBe(true);
});
