// CRUD through @kubernetes/client-node (a client nobody here wrote) against the real API server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AppsV1Api,
  CoreV1Api,
  DiscoveryV1Api,
  type V1ConfigMap,
  type V1Deployment,
} from '@kubernetes/client-node';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver';

let api: TestApiServer;
let core: CoreV1Api;
let apps: AppsV1Api;

function deployment(name: string, image = 'nginx:1.25'): V1Deployment {
  return {
    metadata: { name, labels: { app: name } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image }] },
      },
    },
  };
}

async function errorOf(p: Promise<unknown>): Promise<{ code: number; body: any }> {
  try {
    await p;
  } catch (err) {
    const e = err as { code: number; body: string };
    return { code: e.code, body: typeof e.body === 'string' ? JSON.parse(e.body) : e.body };
  }
  throw new Error('expected the request to fail');
}

beforeAll(async () => {
  api = await startTestApiServer();
  const kc = api.kubeConfig();
  core = kc.makeApiClient(CoreV1Api);
  apps = kc.makeApiClient(AppsV1Api);
});
afterAll(async () => api?.stop());

describe('API server CRUD with @kubernetes/client-node', () => {
  it('starts with the four system namespaces, Active, labelled with their name', async () => {
    const list = await core.listNamespace();
    const names = list.items.map((n) => n.metadata!.name).sort();
    expect(names).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    for (const ns of list.items) {
      expect(ns.status?.phase).toBe('Active');
      expect(ns.metadata?.labels?.['kubernetes.io/metadata.name']).toBe(ns.metadata!.name);
    }
  });

  it('creates, reads, replaces and deletes a ConfigMap with server-owned metadata', async () => {
    const created = await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'settings' }, data: { mode: 'fast' } },
    });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata?.creationTimestamp).toBeInstanceOf(Date);
    expect(Number(created.metadata?.resourceVersion)).toBeGreaterThan(0);

    const got = await core.readNamespacedConfigMap({ name: 'settings', namespace: 'default' });
    expect(got.data).toEqual({ mode: 'fast' });
    expect(got.metadata?.resourceVersion).toBe(created.metadata?.resourceVersion);

    const replaced = await core.replaceNamespacedConfigMap({
      name: 'settings',
      namespace: 'default',
      body: { ...got, data: { mode: 'slow' } },
    });
    expect(replaced.data).toEqual({ mode: 'slow' });
    expect(Number(replaced.metadata!.resourceVersion)).toBeGreaterThan(
      Number(got.metadata!.resourceVersion),
    );
    expect(replaced.metadata?.uid).toBe(created.metadata?.uid);

    await core.deleteNamespacedConfigMap({ name: 'settings', namespace: 'default' });
    const gone = await errorOf(
      core.readNamespacedConfigMap({ name: 'settings', namespace: 'default' }),
    );
    expect(gone.code).toBe(404);
    expect(gone.body).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'NotFound',
      message: 'configmaps "settings" not found',
      code: 404,
    });
  });

  it('rejects a stale resourceVersion with 409 Conflict and a duplicate create with 409 AlreadyExists', async () => {
    const cm: V1ConfigMap = { metadata: { name: 'occ' }, data: { n: '1' } };
    const first = await core.createNamespacedConfigMap({ namespace: 'default', body: cm });
    await core.replaceNamespacedConfigMap({
      name: 'occ',
      namespace: 'default',
      body: { ...first, data: { n: '2' } },
    });
    const stale = await errorOf(
      core.replaceNamespacedConfigMap({
        name: 'occ',
        namespace: 'default',
        body: { ...first, data: { n: '3' } },
      }),
    );
    expect(stale.code).toBe(409);
    expect(stale.body.reason).toBe('Conflict');
    expect(stale.body.message).toBe(
      'Operation cannot be fulfilled on configmaps "occ": the object has been modified; please apply your changes to the latest version and try again',
    );
    const still = await core.readNamespacedConfigMap({ name: 'occ', namespace: 'default' });
    expect(still.data).toEqual({ n: '2' });

    const dup = await errorOf(core.createNamespacedConfigMap({ namespace: 'default', body: cm }));
    expect(dup.code).toBe(409);
    expect(dup.body).toMatchObject({
      reason: 'AlreadyExists',
      message: 'configmaps "occ" already exists',
    });
  });

  it('names objects from generateName', async () => {
    const a = await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { generateName: 'gen-' } },
    });
    const b = await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { generateName: 'gen-' } },
    });
    expect(a.metadata?.name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(b.metadata?.name).not.toBe(a.metadata?.name);
  });

  it('bumps generation on spec changes only, and keeps spec and status apart', async () => {
    const d = await apps.createNamespacedDeployment({
      namespace: 'default',
      body: deployment('web'),
    });
    expect(d.metadata?.generation).toBe(1);
    // Defaults are applied by the server.
    expect(d.spec?.strategy?.type).toBe('RollingUpdate');
    expect(d.spec?.revisionHistoryLimit).toBe(10);
    expect(d.spec?.template.spec?.restartPolicy).toBe('Always');

    const labelled = await apps.replaceNamespacedDeployment({
      name: 'web',
      namespace: 'default',
      body: { ...d, metadata: { ...d.metadata, labels: { app: 'web', tier: 'front' } } },
    });
    expect(labelled.metadata?.generation).toBe(1);

    const scaled = await apps.replaceNamespacedDeployment({
      name: 'web',
      namespace: 'default',
      body: { ...labelled, spec: { ...labelled.spec!, replicas: 5 }, status: { replicas: 99 } },
    });
    expect(scaled.metadata?.generation).toBe(2);
    expect(scaled.status?.replicas).toBeUndefined(); // status ignored on the main resource

    const withStatus = await apps.replaceNamespacedDeploymentStatus({
      name: 'web',
      namespace: 'default',
      body: {
        ...scaled,
        spec: { ...scaled.spec!, replicas: 1 },
        status: { replicas: 5, observedGeneration: 2 },
      },
    });
    expect(withStatus.status?.replicas).toBe(5);
    expect(withStatus.spec?.replicas).toBe(5); // spec ignored on /status
    expect(withStatus.metadata?.generation).toBe(2);
  });

  it('serves the scale subresource as autoscaling/v1 Scale', async () => {
    await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('scaled') });
    const scale = await apps.readNamespacedDeploymentScale({
      name: 'scaled',
      namespace: 'default',
    });
    expect(scale).toMatchObject({ spec: { replicas: 2 }, status: { selector: 'app=scaled' } });
    const updated = await apps.replaceNamespacedDeploymentScale({
      name: 'scaled',
      namespace: 'default',
      body: { metadata: { name: 'scaled', namespace: 'default' }, spec: { replicas: 4 } },
    });
    expect(updated.spec?.replicas).toBe(4);
    const d = await apps.readNamespacedDeployment({ name: 'scaled', namespace: 'default' });
    expect(d.spec?.replicas).toBe(4);
    expect(d.metadata?.generation).toBe(2);
  });

  it('rejects invalid objects with 422 Invalid and field causes, storing nothing', async () => {
    const bad = deployment('Bad_Name');
    bad.spec!.selector = { matchLabels: { app: 'other' } };
    const err = await errorOf(apps.createNamespacedDeployment({ namespace: 'default', body: bad }));
    expect(err.code).toBe(422);
    expect(err.body.reason).toBe('Invalid');
    expect(err.body.details.kind).toBe('Deployment');
    const fields = err.body.details.causes.map((c: { field: string }) => c.field);
    expect(fields).toContain('metadata.name');
    expect(fields).toContain('spec.template.metadata.labels');
    const list = await apps.listNamespacedDeployment({ namespace: 'default' });
    expect(list.items.map((x) => x.metadata?.name)).not.toContain('Bad_Name');
  });

  it('binds a pod once through pods/binding and records PodScheduled', async () => {
    await core.createNamespacedPod({
      namespace: 'default',
      body: { metadata: { name: 'p1' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
    });
    const pod = await core.readNamespacedPod({ name: 'p1', namespace: 'default' });
    expect(pod.status?.phase).toBe('Pending');
    // Admission: the default ServiceAccount and 300 s tolerations of dead-node taints.
    expect(pod.spec?.serviceAccountName).toBe('default');
    const tolerations = (pod.spec?.tolerations ?? []).map(
      (t) => `${t.key}:${t.effect}:${t.tolerationSeconds}`,
    );
    expect(tolerations).toEqual([
      'node.kubernetes.io/not-ready:NoExecute:300',
      'node.kubernetes.io/unreachable:NoExecute:300',
    ]);
    expect(pod.spec?.containers[0]?.imagePullPolicy).toBe('Always');
    await core.createNamespacedPodBinding({
      name: 'p1',
      namespace: 'default',
      body: { metadata: { name: 'p1' }, target: { kind: 'Node', name: 'worker-1' } },
    });
    const bound = await core.readNamespacedPod({ name: 'p1', namespace: 'default' });
    expect(bound.spec?.nodeName).toBe('worker-1');
    expect(bound.status?.conditions?.find((c) => c.type === 'PodScheduled')?.status).toBe('True');
    const again = await errorOf(
      core.createNamespacedPodBinding({
        name: 'p1',
        namespace: 'default',
        body: { metadata: { name: 'p1' }, target: { kind: 'Node', name: 'worker-2' } },
      }),
    );
    expect(again.code).toBe(409);
    expect(again.body.message).toContain('is already assigned to node "worker-1"');
  });
});

describe('Services', () => {
  it('has the kubernetes Service at the first address of the service CIDR', async () => {
    const svc = await core.readNamespacedService({ name: 'kubernetes', namespace: 'default' });
    expect(svc.spec?.clusterIP).toBe('10.96.0.1');
    expect(svc.spec?.ports?.[0]?.port).toBe(443);
    // Each API server publishes itself in the Endpoints and the EndpointSlice kube-proxy reads.
    await api.server.advertise('127.0.0.1', 6443);
    await api.server.advertise('127.0.0.2', 6443);
    const ep = await core.readNamespacedEndpoints({ name: 'kubernetes', namespace: 'default' });
    expect(ep.subsets?.[0]?.addresses?.map((a) => a.ip)).toEqual(['127.0.0.1', '127.0.0.2']);
    const slice = await api
      .kubeConfig()
      .makeApiClient(DiscoveryV1Api)
      .readNamespacedEndpointSlice({ name: 'kubernetes', namespace: 'default' });
    expect(slice.endpoints.map((e) => e.addresses[0])).toEqual(['127.0.0.1', '127.0.0.2']);
    expect(slice.ports?.[0]).toMatchObject({ name: 'https', port: 6443 });
  });

  it('allocates distinct cluster IPs and node ports, keeps them across updates, frees them on delete', async () => {
    const mk = (name: string, type = 'ClusterIP') =>
      core.createNamespacedService({
        namespace: 'default',
        body: {
          metadata: { name },
          spec: { type, selector: { app: name }, ports: [{ port: 80 }] },
        },
      });
    const a = await mk('svc-a');
    const b = await mk('svc-b', 'NodePort');
    expect(a.spec?.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    expect(b.spec?.clusterIP).not.toBe(a.spec?.clusterIP);
    const nodePort = b.spec?.ports?.[0]?.nodePort;
    expect(nodePort).toBeGreaterThanOrEqual(30000);
    expect(nodePort).toBeLessThanOrEqual(32767);
    // A replace that omits clusterIP and nodePort keeps them.
    const replaced = await core.replaceNamespacedService({
      name: 'svc-b',
      namespace: 'default',
      body: {
        metadata: { name: 'svc-b', resourceVersion: b.metadata?.resourceVersion },
        spec: { type: 'NodePort', selector: { app: 'other' }, ports: [{ port: 80 }] },
      },
    });
    expect(replaced.spec?.clusterIP).toBe(b.spec?.clusterIP);
    expect(replaced.spec?.ports?.[0]?.nodePort).toBe(nodePort);
    // Asking for an IP that is taken is refused; once freed it can be had.
    const taken = await errorOf(
      core.createNamespacedService({
        namespace: 'default',
        body: {
          metadata: { name: 'svc-c' },
          spec: { clusterIP: a.spec!.clusterIP!, ports: [{ port: 80 }] },
        },
      }),
    );
    expect(taken.code).toBe(422);
    await core.deleteNamespacedService({ name: 'svc-a', namespace: 'default' });
    const c = await core.createNamespacedService({
      namespace: 'default',
      body: {
        metadata: { name: 'svc-c' },
        spec: { clusterIP: a.spec!.clusterIP!, ports: [{ port: 80 }] },
      },
    });
    expect(c.spec?.clusterIP).toBe(a.spec?.clusterIP);
  });
});
