/**
 * Objects for the read-side kubectl tests (get, describe): nodes and pods with realistic status,
 * workloads with controller-written status, services, events and RBAC objects — written through
 * the API (as the components that own them would) since no controllers run in these tests.
 */
import type { Rest } from '../../support/kubectl';

export const NS = 'shop';

async function must(p: Promise<{ status: number; json: any }>): Promise<any> {
  const r = await p;
  if (r.status >= 300) throw new Error(`seed: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

/** Creates an object and, when given, writes its status through /status. */
export async function createWithStatus(
  rest: Rest,
  collection: string,
  obj: Record<string, unknown>,
  status?: Record<string, unknown>,
): Promise<any> {
  const created = await must(rest('POST', collection, obj));
  if (!status) return created;
  const name = created.metadata.name as string;
  return must(
    rest('PATCH', `${collection}/${name}/status`, { status }, 'application/merge-patch+json'),
  );
}

const T0 = '2026-01-01T00:00:00Z';

export function nodeStatus(ready: boolean, ip: string) {
  return {
    conditions: [
      {
        type: 'Ready',
        status: ready ? 'True' : 'False',
        reason: ready ? 'KubeletReady' : 'KubeletNotReady',
        message: ready ? 'kubelet is posting ready status' : 'container runtime is down',
        lastHeartbeatTime: T0,
        lastTransitionTime: T0,
      },
    ],
    addresses: [
      { type: 'InternalIP', address: ip },
      { type: 'Hostname', address: ip },
    ],
    capacity: { cpu: '2', memory: '2Gi', pods: '110' },
    nodeInfo: {
      machineID: 'm',
      systemUUID: 's',
      bootID: 'b',
      kernelVersion: '6.1.0-28-amd64',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      containerRuntimeVersion: 'containerd://1.6.20',
      kubeletVersion: 'v1.32.0',
      kubeProxyVersion: 'v1.32.0',
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
  };
}

function runningPodStatus(ip: string, restarts: number) {
  return {
    phase: 'Running',
    hostIP: '10.0.0.10',
    podIP: ip,
    podIPs: [{ ip }],
    startTime: T0,
    qosClass: 'BestEffort',
    conditions: [
      { type: 'Initialized', status: 'True', lastTransitionTime: T0 },
      { type: 'Ready', status: 'True', lastTransitionTime: T0 },
      { type: 'ContainersReady', status: 'True', lastTransitionTime: T0 },
      { type: 'PodScheduled', status: 'True', lastTransitionTime: T0 },
    ],
    containerStatuses: [
      {
        name: 'nginx',
        ready: true,
        started: true,
        restartCount: restarts,
        image: 'nginx:1.19',
        imageID: 'docker.io/library/nginx@sha256:0123',
        containerID: 'containerd://6818abcd',
        state: { running: { startedAt: T0 } },
      },
    ],
  };
}

/** Everything the get/describe tests read. Returns the uids tests refer to. */
export async function seed(rest: Rest, advertise: () => Promise<void>) {
  await advertise();
  await must(rest('POST', '/api/v1/namespaces', { metadata: { name: NS } }));
  const ns = `/api/v1/namespaces/${NS}`;
  const apps = `/apis/apps/v1/namespaces/${NS}`;

  await createWithStatus(
    rest,
    '/api/v1/nodes',
    {
      metadata: {
        name: 'node-1',
        labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/hostname': 'node-1' },
      },
    },
    nodeStatus(true, '10.0.0.10'),
  );
  await createWithStatus(
    rest,
    '/api/v1/nodes',
    { metadata: { name: 'node-2' }, spec: { unschedulable: true } },
    nodeStatus(false, '10.0.0.11'),
  );

  // Pods: created in non-alphabetical order so --sort-by is observable.
  const web = await createWithStatus(
    rest,
    `${ns}/pods`,
    {
      metadata: { name: 'web-1', labels: { app: 'web', tier: 'front' } },
      spec: {
        nodeName: 'node-1',
        containers: [{ name: 'nginx', image: 'nginx:1.19', ports: [{ containerPort: 80 }] }],
      },
    },
    runningPodStatus('10.244.1.5', 2),
  );
  await createWithStatus(rest, `${ns}/pods`, {
    metadata: { name: 'batch-1', labels: { app: 'batch' } },
    spec: { containers: [{ name: 'c', image: 'busybox' }] },
  });
  await createWithStatus(
    rest,
    `${ns}/pods`,
    {
      metadata: { name: 'crash-1', labels: { app: 'crash', tier: 'back' } },
      spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'busybox' }] },
    },
    {
      phase: 'Running',
      podIP: '10.244.1.6',
      hostIP: '10.0.0.10',
      startTime: T0,
      containerStatuses: [
        {
          name: 'c',
          ready: false,
          started: false,
          restartCount: 5,
          image: 'busybox',
          imageID: '',
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s' } },
        },
      ],
    },
  );

  await must(
    rest('POST', `${ns}/services`, {
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
    }),
  );
  await must(
    rest('POST', `${ns}/configmaps`, { metadata: { name: 'settings' }, data: { a: '1', b: '2' } }),
  );
  await must(
    rest('POST', `${ns}/secrets`, {
      metadata: { name: 'creds' },
      stringData: { user: 'admin', password: 'hunter2' },
    }),
  );
  await must(rest('POST', `${ns}/serviceaccounts`, { metadata: { name: 'robot' } }));

  const deploy = await createWithStatus(
    rest,
    `${apps}/deployments`,
    {
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.19' }] },
        },
      },
    },
    {
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 2,
      availableReplicas: 2,
      unavailableReplicas: 1,
    },
  );
  const rs = await createWithStatus(
    rest,
    `${apps}/replicasets`,
    {
      metadata: {
        name: 'web-5d4f8b7c9',
        labels: { app: 'web', 'pod-template-hash': '5d4f8b7c9' },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'web',
            uid: deploy.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web', 'pod-template-hash': '5d4f8b7c9' } },
        template: {
          metadata: { labels: { app: 'web', 'pod-template-hash': '5d4f8b7c9' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.19' }] },
        },
      },
    },
    { observedGeneration: 1, replicas: 3, readyReplicas: 2, availableReplicas: 2 },
  );
  await createWithStatus(
    rest,
    `${apps}/daemonsets`,
    {
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: {
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            containers: [{ name: 'agent', image: 'busybox' }],
          },
        },
      },
    },
    {
      desiredNumberScheduled: 2,
      currentNumberScheduled: 2,
      numberReady: 1,
      updatedNumberScheduled: 2,
      numberAvailable: 1,
      numberMisscheduled: 0,
      observedGeneration: 1,
    },
  );
  await must(
    rest('POST', `/apis/batch/v1/namespaces/${NS}/jobs`, {
      metadata: { name: 'pi' },
      spec: {
        completions: 2,
        template: {
          spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] },
        },
      },
    }),
  );
  await must(
    rest('POST', `/apis/coordination.k8s.io/v1/namespaces/${NS}/leases`, {
      metadata: { name: 'leader' },
      spec: { holderIdentity: 'node-1_abc', leaseDurationSeconds: 15 },
    }),
  );
  const rbac = '/apis/rbac.authorization.k8s.io/v1';
  await must(
    rest('POST', `${rbac}/namespaces/${NS}/roles`, {
      metadata: { name: 'reader' },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
    }),
  );
  await must(
    rest('POST', `${rbac}/namespaces/${NS}/rolebindings`, {
      metadata: { name: 'read-pods' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
      subjects: [
        { kind: 'User', name: 'alice' },
        { kind: 'ServiceAccount', name: 'robot', namespace: NS },
      ],
    }),
  );
  await must(
    rest('POST', `${rbac}/clusterroles`, {
      metadata: { name: 'node-reader' },
      rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }],
    }),
  );
  await must(
    rest('POST', `${rbac}/clusterrolebindings`, {
      metadata: { name: 'read-nodes' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'node-reader' },
      subjects: [{ kind: 'Group', name: 'ops' }],
    }),
  );

  return { web, deploy, rs };
}

/** A core/v1 Event about `obj` (the way the scheduler or kubelet records one). */
export function eventFor(
  obj: {
    kind: string;
    apiVersion?: string;
    metadata: { name: string; namespace?: string; uid: string };
  },
  name: string,
  reason: string,
  message: string,
  source: { component: string; host?: string },
  opts: { type?: string; at?: string; count?: number } = {},
) {
  const at = opts.at ?? T0;
  return {
    metadata: { name, namespace: obj.metadata.namespace ?? 'default' },
    involvedObject: {
      kind: obj.kind,
      apiVersion: obj.apiVersion,
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
    },
    reason,
    message,
    type: opts.type ?? 'Normal',
    source,
    firstTimestamp: at,
    lastTimestamp: at,
    count: opts.count ?? 1,
  };
}
