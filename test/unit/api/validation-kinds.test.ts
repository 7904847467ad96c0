import { describe, expect, it } from 'vitest';
import type { FieldCause, KubeObject } from '../../../src-cluster/api/object';
import { RESOURCES } from '../../../src-cluster/api/resources';
import { validateObject } from '../../../src-cluster/api/validation';
import { FIXTURE_KINDS, info, valid } from './validation-fixtures';

function check(key: string, mutate: (o: any) => void): FieldCause[] {
  const [group, kind] = key.split('/') as [string, string];
  const obj = valid(key);
  mutate(obj);
  return validateObject(info(group, kind), obj as KubeObject);
}

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('valid objects pass', () => {
  it('every served, non-virtual kind has a fixture', () => {
    const served = RESOURCES.filter((r) => !r.virtual).map((r) => `${r.group}/${r.kind}`);
    expect(new Set(FIXTURE_KINDS)).toEqual(new Set(served));
  });
  it.each(FIXTURE_KINDS)('%s has zero causes', (key) => {
    expect(check(key, () => {})).toEqual([]);
  });
});

interface Case {
  name: string;
  kind: string;
  mutate: (o: any) => void;
  cause: FieldCause;
}

const req = (field: string, detail?: string): FieldCause => ({
  reason: 'FieldValueRequired',
  message: detail ? `Required value: ${detail}` : 'Required value',
  field,
});
const inv = (field: string, message: string): FieldCause => ({
  reason: 'FieldValueInvalid',
  message,
  field,
});
const ns = (field: string, message: string): FieldCause => ({
  reason: 'FieldValueNotSupported',
  message,
  field,
});

const CASES: Case[] = [
  // metadata
  {
    name: 'name must be a DNS subdomain',
    kind: '/Pod',
    mutate: (o) => (o.metadata.name = 'Foo_Bar'),
    cause: inv('metadata.name', `Invalid value: "Foo_Bar": ${SUBDOMAIN_MSG}`),
  },
  {
    name: 'name or generateName required',
    kind: '/ConfigMap',
    mutate: (o) => delete o.metadata.name,
    cause: req('metadata.name', 'name or generateName is required'),
  },
  {
    name: 'namespace required',
    kind: '/Secret',
    mutate: (o) => delete o.metadata.namespace,
    cause: req('metadata.namespace'),
  },
  {
    name: 'namespace forbidden on cluster kinds',
    kind: '/Node',
    mutate: (o) => (o.metadata.namespace = 'default'),
    cause: {
      reason: 'FieldValueForbidden',
      message: 'Forbidden: not allowed on this type',
      field: 'metadata.namespace',
    },
  },
  {
    name: 'namespace name is a DNS label',
    kind: '/Namespace',
    mutate: (o) => (o.metadata.name = 'a.b'),
    cause: inv(
      'metadata.name',
      `Invalid value: "a.b": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    ),
  },
  {
    name: 'service name is a DNS-1035 label',
    kind: '/Service',
    mutate: (o) => (o.metadata.name = '1web'),
    cause: inv(
      'metadata.name',
      `Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    ),
  },
  {
    name: 'generateName prefix may end with a dash but must be valid',
    kind: '/Pod',
    mutate: (o) => (o.metadata.generateName = 'Web-'),
    cause: inv('metadata.generateName', `Invalid value: "Web-": ${SUBDOMAIN_MSG}`),
  },
  {
    name: 'label values are checked',
    kind: '/ConfigMap',
    mutate: (o) => (o.metadata.labels = { app: 'bad value' }),
    cause: inv(
      'metadata.labels',
      `Invalid value: "bad value": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ),
  },
  {
    name: 'annotations total ≤ 256KiB',
    kind: '/ConfigMap',
    mutate: (o) => (o.metadata.annotations = { big: 'x'.repeat(262142) }),
    cause: {
      reason: 'FieldValueTooLong',
      message: 'Too long: must have at most 262144 bytes',
      field: 'metadata.annotations',
    },
  },
  // pod
  {
    name: 'container image required',
    kind: '/Pod',
    mutate: (o) => delete o.spec.containers[0].image,
    cause: req('spec.containers[0].image'),
  },
  {
    name: 'containers required',
    kind: '/Pod',
    mutate: (o) => (o.spec.containers = []),
    cause: req('spec.containers'),
  },
  {
    name: 'restartPolicy enum',
    kind: '/Pod',
    mutate: (o) => (o.spec.restartPolicy = 'Sometimes'),
    cause: ns(
      'spec.restartPolicy',
      'Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ),
  },
  {
    name: 'dnsPolicy enum',
    kind: '/Pod',
    mutate: (o) => (o.spec.dnsPolicy = 'Google'),
    cause: ns(
      'spec.dnsPolicy',
      'Unsupported value: "Google": supported values: "ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"',
    ),
  },
  {
    name: 'imagePullPolicy enum',
    kind: '/Pod',
    mutate: (o) => (o.spec.containers[0].imagePullPolicy = 'Sometimes'),
    cause: ns(
      'spec.containers[0].imagePullPolicy',
      'Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
    ),
  },
  {
    name: 'container port range',
    kind: '/Pod',
    mutate: (o) => (o.spec.containers[0].ports[0].containerPort = 70000),
    cause: inv(
      'spec.containers[0].ports[0].containerPort',
      'Invalid value: 70000: must be between 1 and 65535, inclusive',
    ),
  },
  {
    name: 'container port protocol enum',
    kind: '/Pod',
    mutate: (o) => (o.spec.containers[0].ports[0].protocol = 'HTTP'),
    cause: ns(
      'spec.containers[0].ports[0].protocol',
      'Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ),
  },
  {
    name: 'port names are IANA_SVC_NAME',
    kind: '/Pod',
    mutate: (o) => {
      o.spec.containers[0].ports[0].name = '8080';
      o.spec.containers[0].readinessProbe.httpGet.port = 80;
    },
    cause: inv(
      'spec.containers[0].ports[0].name',
      'Invalid value: "8080": must contain at least one letter (a-z)',
    ),
  },
  {
    name: 'container names unique',
    kind: '/Pod',
    mutate: (o) => o.spec.containers.push({ ...o.spec.containers[0], ports: [] }),
    cause: {
      reason: 'FieldValueDuplicate',
      message: 'Duplicate value: "web"',
      field: 'spec.containers[1].name',
    },
  },
  {
    name: 'container name is a DNS label',
    kind: '/Pod',
    mutate: (o) => (o.spec.containers[0].name = 'Web'),
    cause: inv(
      'spec.containers[0].name',
      `Invalid value: "Web": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    ),
  },
  {
    name: 'quantities must parse',
    kind: '/Pod',
    mutate: (o) => (o.spec.containers[0].resources.limits.memory = '1GB'),
    cause: inv(
      'spec.containers[0].resources.limits[memory]',
      `Invalid value: "1GB": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    ),
  },
  {
    name: 'limits ≥ requests',
    kind: '/Pod',
    mutate: (o) => (o.spec.containers[0].resources.requests.cpu = '2'),
    cause: inv(
      'spec.containers[0].resources.requests[cpu]',
      'Invalid value: "2": must be less than or equal to cpu limit of 1',
    ),
  },
  {
    name: 'quantities non-negative',
    kind: '/Pod',
    mutate: (o) => (o.spec.containers[0].resources.requests.memory = '-1Mi'),
    cause: inv(
      'spec.containers[0].resources.requests[memory]',
      'Invalid value: "-1Mi": must be greater than or equal to 0',
    ),
  },
  {
    name: 'liveness successThreshold must be 1',
    kind: '/Pod',
    mutate: (o) =>
      (o.spec.containers[0].livenessProbe = { tcpSocket: { port: 80 }, successThreshold: 2 }),
    cause: inv('spec.containers[0].livenessProbe.successThreshold', 'Invalid value: 2: must be 1'),
  },
  {
    name: 'probe needs a handler',
    kind: '/Pod',
    mutate: (o) => (o.spec.containers[0].livenessProbe = { periodSeconds: 5 }),
    cause: req('spec.containers[0].livenessProbe', 'must specify a handler type'),
  },
  {
    name: 'volume names unique',
    kind: '/Pod',
    mutate: (o) => o.spec.volumes.push({ name: 'cache', emptyDir: {} }),
    cause: {
      reason: 'FieldValueDuplicate',
      message: 'Duplicate value: "cache"',
      field: 'spec.volumes[1].name',
    },
  },
  {
    name: 'env names',
    kind: '/Pod',
    mutate: (o) => (o.spec.containers[0].env[0].name = '1MODE'),
    cause: inv(
      'spec.containers[0].env[0].name',
      `Invalid value: "1MODE": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`,
    ),
  },
  // service
  {
    name: 'service type enum',
    kind: '/Service',
    mutate: (o) => (o.spec.type = 'Public'),
    cause: ns(
      'spec.type',
      'Unsupported value: "Public": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ),
  },
  {
    name: 'service ports required',
    kind: '/Service',
    mutate: (o) => (o.spec.ports = []),
    cause: req('spec.ports'),
  },
  {
    name: 'service port range',
    kind: '/Service',
    mutate: (o) => (o.spec.ports[0].port = 0),
    cause: inv('spec.ports[0].port', 'Invalid value: 0: must be between 1 and 65535, inclusive'),
  },
  {
    name: 'multi-port services name each port',
    kind: '/Service',
    mutate: (o) => o.spec.ports.push({ port: 443, protocol: 'TCP', targetPort: 443 }),
    cause: req('spec.ports[1].name'),
  },
  {
    name: 'nodePort only for NodePort/LoadBalancer',
    kind: '/Service',
    mutate: (o) => (o.spec.ports[0].nodePort = 30080),
    cause: {
      reason: 'FieldValueForbidden',
      message: "Forbidden: may not be used when `type` is 'ClusterIP'",
      field: 'spec.ports[0].nodePort',
    },
  },
  {
    name: 'sessionAffinity enum',
    kind: '/Service',
    mutate: (o) => (o.spec.sessionAffinity = 'Sticky'),
    cause: ns(
      'spec.sessionAffinity',
      'Unsupported value: "Sticky": supported values: "ClientIP", "None"',
    ),
  },
  // core misc
  {
    name: 'node podCIDR must be a CIDR',
    kind: '/Node',
    mutate: (o) => (o.spec.podCIDRs = ['10.244.1.0']),
    cause: inv(
      'spec.podCIDRs[0]',
      'Invalid value: "10.244.1.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ),
  },
  {
    name: 'configmap keys',
    kind: '/ConfigMap',
    mutate: (o) => (o.data = { 'a/b': 'x' }),
    cause: inv(
      'data[a/b]',
      `Invalid value: "a/b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    ),
  },
  {
    name: 'tls secrets need tls.crt',
    kind: '/Secret',
    mutate: (o) => {
      o.type = 'kubernetes.io/tls';
      o.data = { 'tls.key': 'a2V5' };
    },
    cause: req('data[tls.crt]'),
  },
  {
    name: 'endpoints addresses are IPs',
    kind: '/Endpoints',
    mutate: (o) => (o.subsets[0].addresses[0].ip = 'web'),
    cause: inv(
      'subsets[0].addresses[0].ip',
      'Invalid value: "web": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ),
  },
  {
    name: 'core event needs involvedObject',
    kind: '/Event',
    mutate: (o) => delete o.involvedObject,
    cause: req('involvedObject'),
  },
  {
    name: 'core event namespace matches',
    kind: '/Event',
    mutate: (o) => (o.involvedObject.namespace = 'other'),
    cause: inv(
      'involvedObject.namespace',
      'Invalid value: "other": does not match event.namespace',
    ),
  },
  // apps
  {
    name: 'deployment selector required',
    kind: 'apps/Deployment',
    mutate: (o) => delete o.spec.selector,
    cause: req('spec.selector'),
  },
  {
    name: 'deployment selector matches template',
    kind: 'apps/Deployment',
    mutate: (o) => (o.spec.selector.matchLabels = { app: 'api' }),
    cause: inv(
      'spec.template.metadata.labels',
      'Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    ),
  },
  {
    name: 'deployment empty selector',
    kind: 'apps/Deployment',
    mutate: (o) => (o.spec.selector = {}),
    cause: inv('spec.selector', 'Invalid value: {}: empty selector is invalid for deployment'),
  },
  {
    name: 'replicas ≥ 0',
    kind: 'apps/Deployment',
    mutate: (o) => (o.spec.replicas = -1),
    cause: inv('spec.replicas', 'Invalid value: -1: must be greater than or equal to 0'),
  },
  {
    name: 'maxSurge and maxUnavailable not both 0',
    kind: 'apps/Deployment',
    mutate: (o) => (o.spec.strategy.rollingUpdate = { maxSurge: 0, maxUnavailable: '0%' }),
    cause: inv(
      'spec.strategy.rollingUpdate.maxUnavailable',
      'Invalid value: "0%": may not be 0 when `maxSurge` is 0',
    ),
  },
  {
    name: 'percent strings',
    kind: 'apps/Deployment',
    mutate: (o) => (o.spec.strategy.rollingUpdate.maxSurge = '150%'),
    cause: inv(
      'spec.strategy.rollingUpdate.maxSurge',
      'Invalid value: "150%": must not be greater than 100%',
    ),
  },
  {
    name: 'deployment template restartPolicy Always',
    kind: 'apps/Deployment',
    mutate: (o) => (o.spec.template.spec.restartPolicy = 'Never'),
    cause: ns(
      'spec.template.spec.restartPolicy',
      'Unsupported value: "Never": supported values: "Always"',
    ),
  },
  {
    name: 'template containers validated',
    kind: 'apps/ReplicaSet',
    mutate: (o) => delete o.spec.template.spec.containers[0].image,
    cause: req('spec.template.spec.containers[0].image'),
  },
  {
    name: 'daemonset matchExpressions must match',
    kind: 'apps/DaemonSet',
    mutate: (o) => (o.spec.selector.matchExpressions[0].values = ['db']),
    cause: inv(
      'spec.template.metadata.labels',
      'Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    ),
  },
  {
    name: 'selector operators',
    kind: 'apps/DaemonSet',
    mutate: (o) => (o.spec.selector.matchExpressions[0].operator = 'Like'),
    cause: inv(
      'spec.selector.matchExpressions[0].operator',
      'Invalid value: "Like": not a valid selector operator',
    ),
  },
  {
    name: 'job restartPolicy OnFailure or Never',
    kind: 'batch/Job',
    mutate: (o) => (o.spec.template.spec.restartPolicy = 'Always'),
    cause: ns(
      'spec.template.spec.restartPolicy',
      'Unsupported value: "Always": supported values: "OnFailure", "Never"',
    ),
  },
  {
    name: 'job backoffLimit ≥ 0',
    kind: 'batch/Job',
    mutate: (o) => (o.spec.backoffLimit = -1),
    cause: inv('spec.backoffLimit', 'Invalid value: -1: must be greater than or equal to 0'),
  },
  // others
  {
    name: 'lease duration > 0',
    kind: 'coordination.k8s.io/Lease',
    mutate: (o) => (o.spec.leaseDurationSeconds = 0),
    cause: inv('spec.leaseDurationSeconds', 'Invalid value: 0: must be greater than 0'),
  },
  {
    name: 'endpointslice addressType enum',
    kind: 'discovery.k8s.io/EndpointSlice',
    mutate: (o) => (o.addressType = 'IPX'),
    cause: ns('addressType', 'Unsupported value: "IPX": supported values: "IPv4", "IPv6", "FQDN"'),
  },
  {
    name: 'endpointslice needs an address',
    kind: 'discovery.k8s.io/EndpointSlice',
    mutate: (o) => (o.endpoints[0].addresses = []),
    cause: req('endpoints[0].addresses', 'must contain at least 1 address'),
  },
  {
    name: 'events.k8s.io needs eventTime',
    kind: 'events.k8s.io/Event',
    mutate: (o) => delete o.eventTime,
    cause: req('eventTime'),
  },
  {
    name: 'rbac verbs required',
    kind: 'rbac.authorization.k8s.io/Role',
    mutate: (o) => (o.rules[0].verbs = []),
    cause: req('rules[0].verbs', 'verbs must contain at least one value'),
  },
  {
    name: 'namespaced rules have no URLs',
    kind: 'rbac.authorization.k8s.io/Role',
    mutate: (o) => (o.rules = [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }]),
    cause: inv(
      'rules[0].nonResourceURLs',
      'Invalid value: ["/healthz"]: namespaced rules cannot apply to non-resource URLs',
    ),
  },
  {
    name: 'resource rules need groups',
    kind: 'rbac.authorization.k8s.io/ClusterRole',
    mutate: (o) => (o.rules = [{ resources: ['pods'], verbs: ['get'] }]),
    cause: req('rules[0].apiGroups', 'resource rules must supply at least one api group'),
  },
  {
    name: 'roleRef required',
    kind: 'rbac.authorization.k8s.io/RoleBinding',
    mutate: (o) => delete o.roleRef,
    cause: req('roleRef'),
  },
  {
    name: 'clusterrolebinding roleRef kind',
    kind: 'rbac.authorization.k8s.io/ClusterRoleBinding',
    mutate: (o) => (o.roleRef.kind = 'Role'),
    cause: ns('roleRef.kind', 'Unsupported value: "Role": supported values: "ClusterRole"'),
  },
  {
    name: 'subject kinds',
    kind: 'rbac.authorization.k8s.io/RoleBinding',
    mutate: (o) => (o.subjects[0].kind = 'Robot'),
    cause: ns(
      'subjects[0].kind',
      'Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
    ),
  },
];

describe('each rule fails with upstream reason, field and message', () => {
  it.each(CASES)('$kind: $name', ({ kind, mutate, cause }) => {
    expect(check(kind, mutate)).toContainEqual(cause);
  });
});
