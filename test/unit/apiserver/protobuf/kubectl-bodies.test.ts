// Bodies kubectl 1.32 really sent (kubectl-bodies.ts) decode to what kubectl meant, with no field
// skipped: every field number kubectl writes has a schema entry.
import { describe, expect, it } from 'vitest';
import { decodeKubernetesProtobufDetailed } from '../../../../src-cluster/apiserver/protobuf/index';
import { KUBECTL_132_BODIES } from './kubectl-bodies';

const decode = (command: string) => {
  const body = KUBECTL_132_BODIES[command];
  if (!body) throw new Error(`no captured body for ${command}`);
  return decodeKubernetesProtobufDetailed(Buffer.from(body, 'base64'));
};

const rbac = 'rbac.authorization.k8s.io';

const EXPECTED: Record<string, Record<string, unknown>> = {
  'create configmap x --from-literal=a=b': {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'x' },
    data: { a: 'b' },
  },
  'create secret generic s --from-literal=k=v': {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's' },
    data: { k: 'dg==' },
  },
  'create namespace n': { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } },
  'create deployment web --image=nginx:1.25 --replicas=2 --port=80': {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }],
        },
      },
    },
  },
  'create job j --image=busybox -- echo hi': {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'j' },
    spec: {
      template: {
        spec: {
          containers: [{ name: 'j', image: 'busybox', command: ['echo', 'hi'] }],
          restartPolicy: 'Never',
        },
      },
    },
  },
  'create serviceaccount sa': {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'sa' },
  },
  'create service clusterip svc --tcp=80:8080': {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'svc', labels: { app: 'svc' } },
    spec: {
      ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }],
      selector: { app: 'svc' },
      type: 'ClusterIP',
    },
  },
  'create role r --verb=get --resource=pods': {
    apiVersion: `${rbac}/v1`,
    kind: 'Role',
    metadata: { name: 'r' },
    rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }],
  },
  'create rolebinding rb --role=r --user=u': {
    apiVersion: `${rbac}/v1`,
    kind: 'RoleBinding',
    metadata: { name: 'rb' },
    subjects: [{ kind: 'User', apiGroup: rbac, name: 'u' }],
    roleRef: { apiGroup: rbac, kind: 'Role', name: 'r' },
  },
  'create clusterrole cr --verb=list --resource=nodes': {
    apiVersion: `${rbac}/v1`,
    kind: 'ClusterRole',
    metadata: { name: 'cr' },
    rules: [{ verbs: ['list'], apiGroups: [''], resources: ['nodes'] }],
  },
  'create clusterrolebinding crb --clusterrole=cr --group=g': {
    apiVersion: `${rbac}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name: 'crb' },
    subjects: [{ kind: 'Group', apiGroup: rbac, name: 'g' }],
    roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: 'cr' },
  },
  "create cronjob cj --image=busybox --schedule='*/1 * * * *' -- echo hi": {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'cj' },
    spec: {
      schedule: '*/1 * * * *',
      jobTemplate: {
        metadata: { name: 'cj' },
        spec: {
          template: {
            spec: {
              containers: [{ name: 'cj', image: 'busybox', command: ['echo', 'hi'] }],
              restartPolicy: 'OnFailure',
            },
          },
        },
      },
    },
  },
  'create quota q --hard=pods=2,cpu=1': {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'q' },
    spec: { hard: { cpu: '1', pods: '2' } },
  },
  'create pdb p --selector=app=x --min-available=1': {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'p' },
    spec: { minAvailable: 1, selector: { matchLabels: { app: 'x' } } },
  },
  'create priorityclass pc --value=10': {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'pc' },
    value: 10,
    preemptionPolicy: 'PreemptLowerPriority',
  },
  "create ingress ing --rule='foo.com/bar=svc1:8080'": {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'ing' },
    spec: {
      rules: [
        {
          host: 'foo.com',
          http: {
            paths: [
              {
                path: '/bar',
                pathType: 'Exact',
                backend: { service: { name: 'svc1', port: { number: 8080 } } },
              },
            ],
          },
        },
      ],
    },
  },
  'create token sa': { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest' },
  'autoscale deployment web --max=3': {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web' },
    spec: {
      scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' },
      maxReplicas: 3,
    },
  },
  'create secret docker-registry reg --docker-username=u --docker-password=p': {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'reg' },
    data: {
      '.dockerconfigjson': Buffer.from(
        JSON.stringify({
          auths: { 'https://index.docker.io/v1/': { username: 'u', password: 'p', auth: 'dTpw' } },
        }),
      ).toString('base64'),
    },
    type: 'kubernetes.io/dockerconfigjson',
  },
  'create pdb x --selector=a=b --max-unavailable=1': {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'x' },
    spec: { selector: { matchLabels: { a: 'b' } }, maxUnavailable: 1 },
  },
};

describe('bodies captured from kubectl 1.32', () => {
  it('has an expectation for every captured body', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(KUBECTL_132_BODIES).sort());
  });

  it.each(Object.keys(EXPECTED))('%s', (command) => {
    const { object, unknownFields } = decode(command);
    expect(object).toEqual(EXPECTED[command]);
    expect(unknownFields).toEqual([]);
  });
});
