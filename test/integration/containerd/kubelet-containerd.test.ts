/**
 * The kubelet on a real containerd: a kubelab API server, startKubelet() with a ContainerdRuntime,
 * and a pod bound to the node. The pod reaches Running with an IP from the node's pod CIDR, serves
 * HTTP on it from the host, and deleting it leaves no sandbox or container behind.
 */
import { cpus, release } from 'node:os';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RESOURCES } from '../../../src-cluster/api/resources';
import type { ApiClient } from '../../../src-cluster/client';
import type { ContainerdRuntime } from '../../../src-cluster/kubelet/cri/containerd/containerd-runtime';
import { IMAGES } from '../../support/containerd';
import { startContainerdNode, until, type ContainerdNode } from '../../support/containerd-node';

const PODS = RESOURCES.find((r) => r.resource === 'pods' && r.group === '')!;
const NODES = RESOURCES.find((r) => r.resource === 'nodes')!;
const POD_CIDR = '10.88.9.0/24';

let testNode: ContainerdNode;
let runtime: ContainerdRuntime;
let client: ApiClient;

beforeAll(async () => {
  testNode = await startContainerdNode({ podCIDR: POD_CIDR });
  ({ runtime, client } = testNode);
});

afterAll(() => testNode?.stop());

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
  const running = await until(
    'pod web Ready',
    async () => {
      const p = await pods.get('web');
      const ready = p.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
      return p.status?.phase === 'Running' && ready ? p : undefined;
    },
    20_000,
  );
  const ip = running.status!.podIP!;
  expect(ip).toMatch(/^10\.88\.9\.\d+$/);
  expect(running.status?.containerStatuses?.[0]?.containerID).toMatch(/^containerd:\/\//);
  const body = await (await fetch(`http://${ip}/`, { signal: AbortSignal.timeout(5000) })).text();
  expect(body.trim()).toBe('hello from kubelab');

  await pods.delete('web');
  await until(
    'pod web gone',
    async () => {
      try {
        await pods.get('web');
        return undefined;
      } catch {
        return true;
      }
    },
    20_000,
  );
  // Stopped by the kubelet; removed sandboxes and containers follow from its container GC.
  const { items } = await runtime.listPodSandbox({});
  expect(items.every((s) => s.state === 'SANDBOX_NOTREADY')).toBe(true);
});
