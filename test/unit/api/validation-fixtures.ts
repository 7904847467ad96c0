/** Valid, already-defaulted objects for every served kind; tests break one rule at a time. */
import { applyDefaults } from '../../../src-cluster/api/defaults';
import type { KubeObject } from '../../../src-cluster/api/object';
import { RESOURCES } from '../../../src-cluster/api/resources';
import type { ResourceInfo } from '../../../src-cluster/api/resources';

export function info(group: string, kind: string): ResourceInfo {
  const found = RESOURCES.find((r) => r.group === group && r.kind === kind);
  if (!found) throw new Error(`no resource ${group}/${kind}`);
  return found;
}

const template = () => ({
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] },
});

const RAW: Record<string, () => KubeObject> = {
  '/Namespace': () => ({ metadata: { name: 'team-a' } }),
  '/Pod': () => ({
    metadata: { name: 'web-1', namespace: 'default', labels: { app: 'web' } },
    spec: {
      containers: [
        {
          name: 'web',
          image: 'nginx:1.25',
          ports: [{ name: 'http', containerPort: 80 }],
          resources: {
            requests: { cpu: '100m', memory: '64Mi' },
            limits: { cpu: '1', memory: '128Mi' },
          },
          readinessProbe: { httpGet: { port: 'http' } },
          env: [{ name: 'MODE', value: 'prod' }],
        },
      ],
      volumes: [{ name: 'cache' }],
    },
  }),
  '/Node': () => ({
    metadata: { name: 'worker-1' },
    spec: { podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'] },
    status: { capacity: { cpu: '2', memory: '2Gi', pods: '110' } },
  }),
  '/Service': () => ({
    metadata: { name: 'web', namespace: 'default' },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  }),
  '/Endpoints': () => ({
    metadata: { name: 'web', namespace: 'default' },
    subsets: [{ addresses: [{ ip: '10.244.1.5' }], ports: [{ port: 80 }] }],
  }),
  '/ConfigMap': () => ({
    metadata: { name: 'cfg', namespace: 'default' },
    data: { 'app.conf': 'x=1' },
  }),
  '/Secret': () => ({
    metadata: { name: 's', namespace: 'default' },
    data: { password: 'cGFzcw==' },
  }),
  '/ServiceAccount': () => ({ metadata: { name: 'default', namespace: 'default' } }),
  '/Event': () => ({
    metadata: { name: 'web-1.17a8', namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default' },
    reason: 'Scheduled',
    message: 'Successfully assigned default/web-1 to worker-1',
    type: 'Normal',
  }),
  'apps/Deployment': () => ({
    metadata: { name: 'web', namespace: 'default' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: template() },
  }),
  'apps/ReplicaSet': () => ({
    metadata: { name: 'web-abc', namespace: 'default' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: template() },
  }),
  'apps/DaemonSet': () => ({
    metadata: { name: 'agent', namespace: 'kube-system' },
    spec: {
      selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'agent'] }] },
      template: template(),
    },
  }),
  'batch/Job': () => {
    const t = template();
    return {
      metadata: { name: 'pi', namespace: 'default', uid: '11111111-2222-3333-4444-555555555555' },
      spec: { template: { ...t, spec: { ...t.spec, restartPolicy: 'Never' } } },
    };
  },
  'coordination.k8s.io/Lease': () => ({
    metadata: { name: 'kube-scheduler', namespace: 'kube-system' },
    spec: { holderIdentity: 'master-1', leaseDurationSeconds: 15, leaseTransitions: 0 },
  }),
  'discovery.k8s.io/EndpointSlice': () => ({
    metadata: { name: 'web-x1', namespace: 'default' },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.244.1.5'] }],
    ports: [{ name: 'http', port: 80 }],
  }),
  'events.k8s.io/Event': () => ({
    metadata: { name: 'web-1.17a9', namespace: 'default' },
    eventTime: '2024-01-01T00:00:00.000000Z',
    reportingController: 'kubelab.io/scheduler',
    reportingInstance: 'scheduler-master-1',
    action: 'Binding',
    reason: 'Scheduled',
    type: 'Normal',
    regarding: { kind: 'Pod', name: 'web-1', namespace: 'default' },
    note: 'assigned',
  }),
  'rbac.authorization.k8s.io/Role': () => ({
    metadata: { name: 'pod-reader', namespace: 'default' },
    rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
  }),
  'rbac.authorization.k8s.io/ClusterRole': () => ({
    metadata: { name: 'system:metrics' },
    rules: [{ nonResourceURLs: ['/metrics'], verbs: ['get'] }],
  }),
  'rbac.authorization.k8s.io/RoleBinding': () => ({
    metadata: { name: 'read-pods', namespace: 'default' },
    roleRef: { kind: 'Role', name: 'pod-reader' },
    subjects: [
      { kind: 'User', name: 'jane' },
      { kind: 'ServiceAccount', name: 'default', namespace: 'default' },
    ],
  }),
  'rbac.authorization.k8s.io/ClusterRoleBinding': () => ({
    metadata: { name: 'metrics' },
    roleRef: { kind: 'ClusterRole', name: 'system:metrics' },
    subjects: [{ kind: 'Group', name: 'system:monitoring' }],
  }),
};

/** Kinds with a fixture, as "group/Kind" keys. */
export const FIXTURE_KINDS = Object.keys(RAW);

/** A fresh valid object of `group/Kind`, defaulted like the API server would. */
export function valid(key: string): KubeObject {
  const make = RAW[key];
  if (!make) throw new Error(`no fixture ${key}`);
  const [group, kind] = key.split('/') as [string, string];
  const obj = make();
  applyDefaults(info(group, kind), obj);
  return obj;
}
