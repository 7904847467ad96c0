// kubectl acceptance: what kubectl learns about the server — api-resources, api-versions, explain
// (from the protobuf OpenAPI document), cluster-info and version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver';
import {
  kubectlClients,
  parseTable,
  restClient,
  runKubectl,
  type Rest,
} from '../../support/kubectl';

const clients = kubectlClients();
let api: TestApiServer;
let rest: Rest;

beforeAll(async () => {
  api = await startTestApiServer();
  rest = restClient(api.httpUrl);
  // The cluster DNS Service as kubeadm labels it; cluster-info lists cluster services.
  const r = await rest('POST', '/api/v1/namespaces/kube-system/services', {
    metadata: {
      name: 'kube-dns',
      labels: {
        'k8s-app': 'kube-dns',
        'kubernetes.io/cluster-service': 'true',
        'kubernetes.io/name': 'CoreDNS',
      },
    },
    spec: {
      selector: { 'k8s-app': 'kube-dns' },
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP' },
        { name: 'dns-tcp', port: 53, protocol: 'TCP' },
      ],
    },
  });
  expect(r.status).toBe(201);
});
afterAll(async () => api?.stop());

/** NAME → [SHORTNAMES, APIVERSION, NAMESPACED, KIND] as upstream serves them. */
const RESOURCES: [string, string, string, string, string][] = [
  ['componentstatuses', 'cs', 'v1', 'false', 'ComponentStatus'],
  ['configmaps', 'cm', 'v1', 'true', 'ConfigMap'],
  ['endpoints', 'ep', 'v1', 'true', 'Endpoints'],
  ['events', 'ev', 'v1', 'true', 'Event'],
  ['namespaces', 'ns', 'v1', 'false', 'Namespace'],
  ['nodes', 'no', 'v1', 'false', 'Node'],
  ['pods', 'po', 'v1', 'true', 'Pod'],
  ['secrets', '', 'v1', 'true', 'Secret'],
  ['serviceaccounts', 'sa', 'v1', 'true', 'ServiceAccount'],
  ['services', 'svc', 'v1', 'true', 'Service'],
  ['daemonsets', 'ds', 'apps/v1', 'true', 'DaemonSet'],
  ['deployments', 'deploy', 'apps/v1', 'true', 'Deployment'],
  ['replicasets', 'rs', 'apps/v1', 'true', 'ReplicaSet'],
  ['jobs', '', 'batch/v1', 'true', 'Job'],
  ['leases', '', 'coordination.k8s.io/v1', 'true', 'Lease'],
  ['endpointslices', '', 'discovery.k8s.io/v1', 'true', 'EndpointSlice'],
  ['events', 'ev', 'events.k8s.io/v1', 'true', 'Event'],
  ['clusterrolebindings', '', 'rbac.authorization.k8s.io/v1', 'false', 'ClusterRoleBinding'],
  ['clusterroles', '', 'rbac.authorization.k8s.io/v1', 'false', 'ClusterRole'],
  ['rolebindings', '', 'rbac.authorization.k8s.io/v1', 'true', 'RoleBinding'],
  ['roles', '', 'rbac.authorization.k8s.io/v1', 'true', 'Role'],
];

describe.each(clients)('$name', ({ bin, minor }) => {
  const k = (args: string[]) => runKubectl(bin, args, { kubeconfig: api.kubeconfigPath });

  it('api-resources lists every served resource, core group first', async () => {
    const r = await k(['api-resources']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const t = parseTable(r.stdout);
    expect(t.headers).toEqual(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    expect(t.rows.map((x) => [x.NAME, x.SHORTNAMES, x.APIVERSION, x.NAMESPACED, x.KIND])).toEqual(
      RESOURCES,
    );
  });

  it('api-resources filters: --api-group, --namespaced=false, -o name, -o wide verbs', async () => {
    let r = await k(['api-resources', '--api-group=apps', '-o', 'name']);
    expect(r).toEqual({
      code: 0,
      stdout: 'daemonsets.apps\ndeployments.apps\nreplicasets.apps\n',
      stderr: '',
    });
    r = await k(['api-resources', '--namespaced=false', '-o', 'name']);
    expect(r.stdout).toBe(
      'componentstatuses\nnamespaces\nnodes\nclusterrolebindings.rbac.authorization.k8s.io\nclusterroles.rbac.authorization.k8s.io\n',
    );
    r = await k(['api-resources', '-o', 'wide']);
    const pods = parseTable(r.stdout).rows.find((x) => x.NAME === 'pods')!;
    const verbs = 'create delete deletecollection get list patch update watch';
    expect(pods.VERBS).toBe(minor === 20 ? `[${verbs}]` : verbs.replaceAll(' ', ','));
    if (minor === 32) expect(pods.CATEGORIES).toBe('all');
  });

  it('api-versions prints every group version, sorted', async () => {
    expect(await k(['api-versions'])).toEqual({
      code: 0,
      stdout: [
        'apps/v1',
        'batch/v1',
        'coordination.k8s.io/v1',
        'discovery.k8s.io/v1',
        'events.k8s.io/v1',
        'rbac.authorization.k8s.io/v1',
        'v1',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('explain deployment', async () => {
    const r = await k(['explain', 'deployment']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^KIND:\s+Deployment\nVERSION:\s+apps\/v1\n\nDESCRIPTION:\n/);
    const fields = [...r.stdout.matchAll(/^ {3}(\w+)\t<(\w+)>/gm)].map((m) => `${m[1]} <${m[2]}>`);
    expect(fields).toEqual([
      'apiVersion <string>',
      'kind <string>',
      'metadata <Object>',
      'spec <Object>',
      'status <Object>',
    ]);
  });

  it('explain deployment.spec.template.spec.containers', async () => {
    const r = await k(['explain', 'deployment.spec.template.spec.containers']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^KIND:\s+Deployment\nVERSION:\s+apps\/v1\n\nRESOURCE: containers <\[\]Object>\n/,
    );
    expect(r.stdout).toMatch(/^ {3}name\t<string> -required-$/m);
    expect(r.stdout).toMatch(/^ {3}image\t<string>$/m);
    expect(r.stdout).toMatch(/^ {3}env\t<\[\]Object>$/m);
    expect(r.stdout).toMatch(/^ {3}ports\t<\[\]Object>$/m);
    const missing = await k(['explain', 'deployment.spec.nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('error: field "nope" does not exist\n');
  });

  it('cluster-info names the control plane and the cluster services', async () => {
    const r = await k(['cluster-info']);
    expect(r.code).toBe(0);
    // eslint-disable-next-line no-control-regex
    const plain = r.stdout.replace(/\x1b\[[0-9;]*m/g, '');
    expect(plain).toBe(
      [
        `Kubernetes control plane is running at ${api.url}`,
        `CoreDNS is running at ${api.url}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy`,
        '',
        "To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.",
        '',
      ].join('\n'),
    );
  });

  it('version reports the server version', async () => {
    const r = await k(['version', '-o', 'json']);
    expect(r.code).toBe(0);
    const v = JSON.parse(r.stdout);
    expect(v.serverVersion).toMatchObject({
      major: '1',
      minor: '32',
      platform: expect.any(String),
    });
    expect(v.serverVersion.gitVersion).toMatch(/^v1\.32\./);
    expect(v.clientVersion.gitVersion).toMatch(minor === 20 ? /^v1\.20\./ : /^v1\.32\./);
    const plain = await k(['version']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(
      minor === 20
        ? /^Server Version: version\.Info\{Major:"1", Minor:"32", GitVersion:"v1\.32\./m
        : /^Server Version: v1\.32\./m,
    );
  });
});
