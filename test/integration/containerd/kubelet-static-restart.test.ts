/**
 * Static pods and kubelet restarts on a real containerd: a manifest in --pod-manifest-path runs as
 * `<name>-<node>` with a mirror pod in the API (config.mirror = hash, owned by the Node); deleting
 * the mirror brings a new one while the container keeps running; a restarted kubelet adopts the
 * containers it finds by CRI labels instead of starting them again; removing the manifest stops
 * the pod, deletes the mirror and leaves no pod directory.
 */
import { existsSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RESOURCES } from '../../../src-cluster/api/resources';
import type { ApiClient } from '../../../src-cluster/client';
import type { RunningKubelet } from '../../../src-cluster/cmd/kubelet';
import type { ContainerdRuntime } from '../../../src-cluster/kubelet/cri/containerd/containerd-runtime';
import { LABELS } from '../../../src-cluster/kubelet/cri/runtime-service';
import { IMAGES } from '../../support/containerd';
import { startContainerdNode, until, type ContainerdNode } from '../../support/containerd-node';

const PODS = RESOURCES.find((r) => r.resource === 'pods' && r.group === '')!;
const NODES = RESOURCES.find((r) => r.resource === 'nodes')!;
const POD_CIDR = '10.88.23.0/24';
const NODE = 'worker-2';

let testNode: ContainerdNode;
let runtime: ContainerdRuntime;
let kubelet: RunningKubelet;
let client: ApiClient;
let tmp: string;
let manifests: string;

const MANIFEST = `apiVersion: v1
kind: Pod
metadata:
  name: static-web
  namespace: kube-system
  labels: {tier: control-plane}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: web
    image: ${IMAGES.web}
`;

beforeAll(async () => {
  testNode = await startContainerdNode({
    podCIDR: POD_CIDR,
    nodeName: NODE,
    staticPods: { 'static-web.yaml': MANIFEST },
    flags: { fileCheckFrequencyMs: 1000 },
  });
  ({ runtime, kubelet, client } = testNode);
  tmp = testNode.dirs.root;
  manifests = testNode.dirs.manifests!;
}, 120_000);

afterAll(() => testNode?.stop());

const getPod = async (ns: string, name: string): Promise<Pod | undefined> => {
  try {
    return await client.resource<Pod>(PODS).namespace(ns).get(name);
  } catch {
    return undefined;
  }
};

/** Containers and sandboxes containerd holds for a pod uid. */
async function inRuntime(uid: string) {
  const filter = { labelSelector: { [LABELS.podUid]: uid } };
  const { containers } = await runtime.listContainers({ filter });
  const { items } = await runtime.listPodSandbox({ filter });
  return { containers, sandboxes: items };
}

it('runs a static pod with a mirror pod that comes back when deleted', async () => {
  const node = await client.resource<Node>(NODES).get(NODE);
  const mirror = await until('mirror pod Running', async () => {
    const p = await getPod('kube-system', `static-web-${NODE}`);
    return p?.status?.phase === 'Running' ? p : undefined;
  });
  const ann = mirror.metadata!.annotations!;
  const hash = ann['kubernetes.io/config.hash']!;
  expect(hash).toMatch(/^[0-9a-f]{32}$/);
  expect(ann['kubernetes.io/config.mirror']).toBe(hash);
  expect(ann['kubernetes.io/config.source']).toBe('file');
  expect(mirror.metadata!.ownerReferences).toEqual([
    expect.objectContaining({
      kind: 'Node',
      name: NODE,
      uid: node.metadata!.uid,
      controller: true,
    }),
  ]);
  expect(mirror.spec?.nodeName).toBe(NODE);
  expect(mirror.status?.podIP).toMatch(/^10\.88\.23\.\d+$/);

  // The kubelet runs the static pod (uid = hash), never the mirror (its own API uid).
  const { containers } = await inRuntime(hash);
  expect(containers.filter((c) => c.state === 'CONTAINER_RUNNING')).toHaveLength(1);
  expect((await inRuntime(mirror.metadata!.uid!)).containers).toHaveLength(0);
  const containerId = containers[0]!.id;

  await client.resource<Pod>(PODS).namespace('kube-system').delete(`static-web-${NODE}`);
  const again = await until('a new mirror pod', async () => {
    const p = await getPod('kube-system', `static-web-${NODE}`);
    return p && p.metadata!.uid !== mirror.metadata!.uid && !p.metadata?.deletionTimestamp
      ? p
      : undefined;
  });
  expect(again.metadata!.annotations!['kubernetes.io/config.mirror']).toBe(hash);
  await until('status on the new mirror', async () => {
    const p = await getPod('kube-system', `static-web-${NODE}`);
    return p?.status?.phase === 'Running' ? p : undefined;
  });
  // Deleting the mirror did not touch the running pod.
  const after = await inRuntime(hash);
  expect(after.containers.map((c) => [c.id, c.state])).toEqual([
    [containerId, 'CONTAINER_RUNNING'],
  ]);
}, 90_000);

it('a restarted kubelet adopts running containers instead of starting them again', async () => {
  const pods = client.resource<Pod>(PODS).namespace('default');
  const created = await pods.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'survivor', namespace: 'default' },
    spec: {
      nodeName: NODE,
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'app', image: IMAGES.shell, command: ['sleep', '3600'] }],
    },
  });
  const uid = created.metadata!.uid!;
  await until('survivor Running', async () => {
    const p = await pods.get('survivor');
    return p.status?.phase === 'Running' ? p : undefined;
  });
  const mirror = (await getPod('kube-system', `static-web-${NODE}`))!;
  const hash = mirror.metadata!.annotations!['kubernetes.io/config.hash']!;
  const before = [await inRuntime(uid), await inRuntime(hash)];

  await kubelet.restart();
  // Several PLEG relists and syncs, and a status round-trip, after the restart.
  const leases = kubelet.kubelet.leaseRenewals;
  await until('the new kubelet working', async () => {
    const p = await pods.get('survivor');
    return kubelet.kubelet.leaseRenewals >= leases && p.status?.phase === 'Running' ? p : undefined;
  });
  await new Promise((r) => setTimeout(r, 3000));

  const after = [await inRuntime(uid), await inRuntime(hash)];
  for (const [i, b] of before.entries()) {
    const a = after[i]!;
    expect(a.sandboxes.map((s) => s.id)).toEqual(b.sandboxes.map((s) => s.id));
    expect(a.containers.map((c) => [c.id, c.state])).toEqual(
      b.containers.map((c) => [c.id, 'CONTAINER_RUNNING']),
    );
  }
  const p = await pods.get('survivor');
  expect(p.status?.containerStatuses?.[0]?.restartCount).toBe(0);
  expect((await getPod('kube-system', `static-web-${NODE}`))?.metadata?.uid).toBe(
    mirror.metadata!.uid,
  );
  await pods.delete('survivor', { gracePeriodSeconds: 1 });
  await until('survivor gone', async () =>
    (await getPod('default', 'survivor')) ? undefined : true,
  );
}, 90_000);

it('removing the manifest stops the static pod, deletes the mirror and leaves no pod dir', async () => {
  const mirror = (await getPod('kube-system', `static-web-${NODE}`))!;
  const hash = mirror.metadata!.annotations!['kubernetes.io/config.hash']!;
  unlinkSync(join(manifests, 'static-web.yaml'));
  await until('mirror deleted', async () =>
    (await getPod('kube-system', `static-web-${NODE}`)) ? undefined : true,
  );
  await until('static pod removed from containerd', async () => {
    const r = await inRuntime(hash);
    return r.containers.length === 0 && r.sandboxes.length === 0 ? true : undefined;
  });
  const podsDir = join(tmp, 'kubelet', 'pods');
  await until('no pod dirs', async () =>
    !existsSync(podsDir) || readdirSync(podsDir).length === 0 ? true : undefined,
  );
}, 90_000);

it('a manifest removed while the kubelet was down: the restarted kubelet removes pod, mirror and dirs', async () => {
  writeFileSync(
    join(manifests, 'late.yaml'),
    MANIFEST.replace('name: static-web', 'name: late').replace(IMAGES.web, IMAGES.shell) +
      "    command: ['sleep', '3600']\n    volumeMounts: [{name: scratch, mountPath: /scratch}]\n  volumes: [{name: scratch, emptyDir: {}}]\n",
  );
  const mirror = await until('mirror of late Running', async () => {
    const p = await getPod('kube-system', `late-${NODE}`);
    return p?.status?.phase === 'Running' ? p : undefined;
  });
  const hash = mirror.metadata!.annotations!['kubernetes.io/config.hash']!;
  expect(existsSync(join(tmp, 'kubelet', 'pods', hash, 'volumes'))).toBe(true);

  kubelet.kill();
  unlinkSync(join(manifests, 'late.yaml'));
  await kubelet.restart();
  await until('orphaned mirror deleted', async () =>
    (await getPod('kube-system', `late-${NODE}`)) ? undefined : true,
  );
  await until('orphaned containers removed', async () => {
    const r = await inRuntime(hash);
    return r.containers.length === 0 && r.sandboxes.length === 0 ? true : undefined;
  });
  await until('orphaned pod dir removed', async () =>
    existsSync(join(tmp, 'kubelet', 'pods', hash)) ? undefined : true,
  );
}, 90_000);
