/**
 * The kubelet turns a pod spec into real containers on containerd: env from a ConfigMap and a
 * Secret (seen by `env` inside the container), a configMap volume file that follows updates of its
 * ConfigMap, an emptyDir shared by two containers, a hostPath mount both ways, CPU quota and
 * memory limit in the container's cgroup, a missing ConfigMap as CreateContainerConfigError that
 * clears once it exists, DNS/hostname/hostPort/hostNetwork, and nothing left in the kubelet's root
 * dir after the pod is deleted.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigMap, Pod, Secret } from 'kubernetes-types/core/v1';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RESOURCES } from '../../../src-cluster/api/resources';
import type { ApiClient } from '../../../src-cluster/client';
import type { ContainerdRuntime } from '../../../src-cluster/kubelet/cri/containerd/containerd-runtime';
import {
  cgroupDirs,
  podCgroupParent,
} from '../../../src-cluster/kubelet/cri/containerd/pod-cgroups';
import { LABELS } from '../../../src-cluster/kubelet/cri/runtime-service';
import { IMAGES, type TestContainerd } from '../../support/containerd';
import { startContainerdNode, until, type ContainerdNode } from '../../support/containerd-node';

const PODS = RESOURCES.find((r) => r.resource === 'pods' && r.group === '')!;
const CONFIGMAPS = RESOURCES.find((r) => r.resource === 'configmaps')!;
const SECRETS = RESOURCES.find((r) => r.resource === 'secrets')!;
const POD_CIDR = '10.88.22.0/24';

let testNode: ContainerdNode;
let ctrd: TestContainerd;
let runtime: ContainerdRuntime;
let client: ApiClient;
let tmp: string;

beforeAll(async () => {
  testNode = await startContainerdNode({
    podCIDR: POD_CIDR,
    // A fast resync so a changed ConfigMap reaches its volume within the test.
    flags: { syncFrequencyMs: 1000 },
  });
  ({ ctrd, runtime, client } = testNode);
  tmp = testNode.dirs.root;
}, 120_000);

afterAll(() => testNode?.stop());

const pods = () => client.resource<Pod>(PODS).namespace('default');

async function runningContainerId(pod: Pod, name: string): Promise<string> {
  const { containers } = await runtime.listContainers({
    filter: {
      labelSelector: { [LABELS.podUid]: pod.metadata!.uid!, [LABELS.containerName]: name },
    },
  });
  const c = containers.find((x) => x.state === 'CONTAINER_RUNNING');
  if (!c) throw new Error(`no running container ${name}`);
  return c.id;
}

async function exec(id: string, cmd: string[]): Promise<string> {
  const r = await runtime.execSync({ containerId: id, cmd, timeout: 10 });
  expect(r.exitCode, r.stderr.toString()).toBe(0);
  return r.stdout.toString();
}

async function waitRunning(name: string): Promise<Pod> {
  return until(`pod ${name} Running`, async () => {
    const p = await pods().get(name);
    const all = p.status?.containerStatuses ?? [];
    return p.status?.phase === 'Running' && all.length && all.every((s) => s.state?.running)
      ? p
      : undefined;
  });
}

async function deleteAndWait(name: string): Promise<void> {
  await pods().delete(name, { gracePeriodSeconds: 1 });
  await until(`pod ${name} gone`, async () => {
    try {
      await pods().get(name);
      return undefined;
    } catch {
      return true;
    }
  });
}

/** The container's value of a cgroup file, from the host side (v1 or v2). */
function cgroupValue(podUid: string, containerId: string, v1: string, v2: string): string {
  const path = `${podCgroupParent(podUid)}/${containerId}`;
  for (const dir of cgroupDirs(path)) {
    for (const f of [v1, v2]) {
      const file = join(dir, f);
      if (existsSync(file)) return readFileSync(file, 'utf8').trim();
    }
  }
  throw new Error(`no ${v1}/${v2} for ${path}`);
}

it('runs a pod with env from a ConfigMap and Secret, volumes, and resource limits; deleting it leaves nothing', async () => {
  await client
    .resource<ConfigMap>(CONFIGMAPS)
    .namespace('default')
    .create({
      metadata: { name: 'app-config' },
      data: { MODE: 'production', 'app.conf': 'listen 8080\n' },
    });
  await client
    .resource<Secret>(SECRETS)
    .namespace('default')
    .create({
      metadata: { name: 'app-secret' },
      data: { password: Buffer.from('s3cr3t-pw').toString('base64') },
    });
  const hostDir = join(tmp, 'host-share');
  const created = await pods().create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'full', namespace: 'default' },
    spec: {
      nodeName: 'worker-1',
      terminationGracePeriodSeconds: 1,
      volumes: [
        {
          name: 'cfg',
          configMap: { name: 'app-config', items: [{ key: 'app.conf', path: 'app.conf' }] },
        },
        { name: 'shared', emptyDir: {} },
        { name: 'host', hostPath: { path: hostDir, type: 'DirectoryOrCreate' } },
      ],
      containers: [
        {
          name: 'main',
          image: IMAGES.shell,
          command: ['sh', '-c', 'echo from-main > /shared/hello; exec sleep 3600'],
          env: [
            { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'MODE' } } },
            {
              name: 'PASSWORD',
              valueFrom: { secretKeyRef: { name: 'app-secret', key: 'password' } },
            },
            { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
            { name: 'GREETING', value: 'mode=$(MODE)' },
          ],
          resources: { requests: { cpu: '250m' }, limits: { cpu: '500m', memory: '64Mi' } },
          volumeMounts: [
            { name: 'cfg', mountPath: '/etc/app' },
            { name: 'shared', mountPath: '/shared' },
            { name: 'host', mountPath: '/host' },
          ],
        },
        {
          name: 'sidecar',
          image: IMAGES.shell,
          command: ['sleep', '3600'],
          volumeMounts: [{ name: 'shared', mountPath: '/data', readOnly: true }],
        },
      ],
    },
  });
  const uid = created.metadata!.uid!;
  const pod = await waitRunning('full');
  const main = await runningContainerId(pod, 'main');
  const sidecar = await runningContainerId(pod, 'sidecar');

  const env = await exec(main, ['env']);
  expect(env).toContain('MODE=production\n');
  expect(env).toContain('PASSWORD=s3cr3t-pw\n');
  expect(env).toContain('POD_NAME=full\n');
  expect(env).toContain(`POD_IP=${pod.status!.podIP}\n`);
  expect(pod.status!.podIP).toMatch(/^10\.88\.22\.\d+$/);
  expect(env).toContain('GREETING=mode=production\n');
  expect(env).toMatch(/^KUBERNETES_SERVICE_HOST=10\.96\.0\.1$/m);

  // configMap volume: the file, read-only.
  expect(await exec(main, ['cat', '/etc/app/app.conf'])).toBe('listen 8080\n');
  const ro = await runtime.execSync({
    containerId: main,
    cmd: ['sh', '-c', 'echo x > /etc/app/new'],
    timeout: 10,
  });
  expect(ro.exitCode).not.toBe(0);
  expect(ro.stderr.toString()).toMatch(/Read-only file system/);
  // An updated ConfigMap reaches the running container's volume (atomic ..data swap, resync).
  await client
    .resource<ConfigMap>(CONFIGMAPS)
    .namespace('default')
    .patch('app-config', 'merge', { data: { 'app.conf': 'listen 9090\n' } });
  await until('updated app.conf inside the container', async () =>
    (await exec(main, ['cat', '/etc/app/app.conf'])) === 'listen 9090\n' ? true : undefined,
  );

  // emptyDir: what main wrote, the sidecar reads (read-only mount there).
  expect(await exec(sidecar, ['cat', '/data/hello'])).toBe('from-main\n');
  const sideWrite = await runtime.execSync({
    containerId: sidecar,
    cmd: ['touch', '/data/x'],
    timeout: 10,
  });
  expect(sideWrite.exitCode).not.toBe(0);

  // hostPath: both directions.
  writeFileSync(join(hostDir, 'from-host'), 'host says hi\n');
  expect(await exec(main, ['cat', '/host/from-host'])).toBe('host says hi\n');
  await exec(main, ['sh', '-c', 'echo pod says hi > /host/from-pod']);
  expect(readFileSync(join(hostDir, 'from-pod'), 'utf8')).toBe('pod says hi\n');

  // Resources in the container's cgroup: 500m → 50 ms per 100 ms, 64Mi, 250m → 256 shares.
  const quota = cgroupValue(uid, main, 'cpu.cfs_quota_us', 'cpu.max');
  expect(quota).toMatch(/^50000( 100000)?$/);
  expect(cgroupValue(uid, main, 'memory.limit_in_bytes', 'memory.max')).toBe('67108864');
  // cgroup v1 takes the shares as they are; v2 converts them to a weight (1 + (s-2)*9999/262142).
  const shares = cgroupValue(uid, main, 'cpu.shares', 'cpu.weight');
  expect(shares).toBe(existsSync('/sys/fs/cgroup/cgroup.controllers') ? '10' : '256');

  const podDir = join(tmp, 'kubelet', 'pods', uid);
  expect(readdirSync(join(podDir, 'volumes')).sort()).toEqual([
    'kubernetes.io~configmap',
    'kubernetes.io~empty-dir',
  ]);

  await deleteAndWait('full');
  await until('pod dir removed', async () => (existsSync(podDir) ? undefined : true));
  expect(readdirSync(join(tmp, 'kubelet', 'pods'))).toEqual([]);
  // The hostPath is the host's: it stays.
  expect(readFileSync(join(hostDir, 'from-pod'), 'utf8')).toBe('pod says hi\n');
}, 90_000);

it('holds a container in CreateContainerConfigError until its ConfigMap exists', async () => {
  await pods().create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'waits', namespace: 'default' },
    spec: {
      nodeName: 'worker-1',
      terminationGracePeriodSeconds: 1,
      containers: [
        {
          name: 'app',
          image: IMAGES.shell,
          command: ['sleep', '3600'],
          envFrom: [{ configMapRef: { name: 'late-config' }, prefix: 'CFG_' }],
        },
      ],
    },
  });
  const waiting = await until('CreateContainerConfigError', async () => {
    const p = await pods().get('waits');
    const w = p.status?.containerStatuses?.[0]?.state?.waiting;
    return w?.reason === 'CreateContainerConfigError' ? w : undefined;
  });
  expect(waiting.message).toBe('configmap "late-config" not found');
  await client
    .resource<ConfigMap>(CONFIGMAPS)
    .namespace('default')
    .create({ metadata: { name: 'late-config' }, data: { COLOR: 'teal' } });
  const pod = await waitRunning('waits');
  const id = await runningContainerId(pod, 'app');
  expect(await exec(id, ['env'])).toContain('CFG_COLOR=teal\n');
  await deleteAndWait('waits');
}, 90_000);

it('gives pods their DNS config and hostname, maps hostPorts, and runs hostNetwork pods on the node IP', async () => {
  await pods().create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'dns', namespace: 'default' },
    spec: {
      nodeName: 'worker-1',
      terminationGracePeriodSeconds: 1,
      hostname: 'db-0',
      subdomain: 'db',
      containers: [
        {
          name: 'web',
          image: IMAGES.web,
          ports: [{ containerPort: 80, hostPort: 28731, hostIP: '127.0.0.1' }],
        },
      ],
    },
  });
  await pods().create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'hostnet', namespace: 'default' },
    spec: {
      nodeName: 'worker-1',
      terminationGracePeriodSeconds: 1,
      hostNetwork: true,
      dnsPolicy: 'ClusterFirstWithHostNet',
      containers: [{ name: 'c', image: IMAGES.shell, command: ['sleep', '3600'] }],
    },
  });
  const dns = await waitRunning('dns');
  const web = await runningContainerId(dns, 'web');
  const resolv = await exec(web, ['cat', '/etc/resolv.conf']);
  expect(resolv).toContain('nameserver 10.96.0.10');
  expect(resolv).toMatch(/search default\.svc\.cluster\.local svc\.cluster\.local cluster\.local/);
  expect(resolv).toContain('options ndots:5');
  expect((await exec(web, ['hostname'])).trim()).toBe('db-0');
  const body = await (
    await fetch('http://127.0.0.1:28731/', { signal: AbortSignal.timeout(5000) })
  ).text();
  expect(body.trim()).toBe('hello from kubelab');

  const hostnet = await waitRunning('hostnet');
  expect(hostnet.status?.podIP).toBe('127.0.0.1');
  const c = await runningContainerId(hostnet, 'c');
  // The node's network namespace: the host's own interfaces (the test bridge among them).
  expect(await exec(c, ['ip', 'link'])).toContain(ctrd.bridge);
  expect(await exec(c, ['cat', '/etc/resolv.conf'])).toContain('nameserver 10.96.0.10');
  await deleteAndWait('dns');
  await deleteAndWait('hostnet');
}, 90_000);

it('applies the security context: own PID namespace, user/group, read-only root, no_new_privs', async () => {
  await pods().create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'secure', namespace: 'default' },
    spec: {
      nodeName: 'worker-1',
      terminationGracePeriodSeconds: 1,
      securityContext: { runAsUser: 1000, runAsGroup: 3000, supplementalGroups: [4000] },
      containers: [
        {
          name: 'app',
          image: IMAGES.shell,
          command: ['sleep', '3600'],
          securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
        },
      ],
    },
  });
  await pods().create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'shared-pid', namespace: 'default' },
    spec: {
      nodeName: 'worker-1',
      terminationGracePeriodSeconds: 1,
      shareProcessNamespace: true,
      containers: [{ name: 'app', image: IMAGES.shell, command: ['sleep', '3600'] }],
    },
  });
  const secure = await runningContainerId(await waitRunning('secure'), 'app');
  // Its own PID namespace: the container's command is PID 1 (not the sandbox's pause process).
  expect(await exec(secure, ['cat', '/proc/1/cmdline'])).toBe('sleep\u00003600\u0000');
  expect((await exec(secure, ['id'])).trim()).toBe('uid=1000 gid=3000 groups=3000,4000');
  const touch = await runtime.execSync({ containerId: secure, cmd: ['touch', '/x'], timeout: 10 });
  expect(touch.stderr.toString()).toMatch(/Read-only file system/);
  expect(await exec(secure, ['grep', 'NoNewPrivs', '/proc/self/status'])).toMatch(
    /NoNewPrivs:\s+1/,
  );

  const shared = await runningContainerId(await waitRunning('shared-pid'), 'app');
  // shareProcessNamespace: PID 1 is the pause image's `sleep infinity`, and the app is visible too.
  expect(await exec(shared, ['cat', '/proc/1/cmdline'])).toBe('/bin/sleep\u0000infinity\u0000');
  expect(await exec(shared, ['ps'])).toMatch(/sleep 3600/);
  await deleteAndWait('secure');
  await deleteAndWait('shared-pid');
}, 90_000);
