// kubectl acceptance: errors printed the way Kubernetes prints them (NotFound, AlreadyExists,
// Invalid rebuilt from Status details, client-side validation against the OpenAPI schema), and
// the ways to authenticate: client certificate, bearer token, plain HTTP on loopback, and a
// wrong token.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeconfigYaml } from '../../../src-cluster/admin/kubeconfig';
import { ensurePki } from '../../../src-cluster/admin/pki';
import { parseTokenFile } from '../../../src-cluster/apiserver/authn/token-file';
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
const kubeconfigs: Record<'token' | 'badToken' | 'http', string> = {
  token: '',
  badToken: '',
  http: '',
};

beforeAll(async () => {
  api = await startTestApiServer({
    server: { tokens: parseTokenFile('s3cret-token,alice,1001,"system:masters"\n') },
  });
  rest = restClient(api.httpUrl);
  const pki = ensurePki(process.env.KUBELAB_TEST_PKI!, []);
  const write = (name: string, yaml: string) => {
    const p = join(api.dir, name);
    writeFileSync(p, yaml);
    return p;
  };
  kubeconfigs.token = write(
    'kubeconfig-token',
    kubeconfigYaml({ server: api.url, caCert: pki.caCert, user: { token: 's3cret-token' } }),
  );
  kubeconfigs.badToken = write(
    'kubeconfig-bad-token',
    kubeconfigYaml({ server: api.url, caCert: pki.caCert, user: { token: 'wrong-token' } }),
  );
  kubeconfigs.http = write('kubeconfig-http', kubeconfigYaml({ server: api.httpUrl, user: {} }));
});
afterAll(async () => api?.stop());

const BROKEN = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: broken
spec:
  template:
    metadata:
      labels:
        app: broken
    spec:
      containers:
        - name: c
          image: busybox
`;

const TYPO = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: typo
spec:
  selectr:
    matchLabels:
      app: typo
  template:
    metadata:
      labels:
        app: typo
    spec:
      containers:
        - name: c
          image: busybox
`;

describe.each(clients)('$name', ({ bin, minor }) => {
  const ns = `errors-${minor}`;
  const k = (args: string[], kubeconfig = api.kubeconfigPath) =>
    runKubectl(bin, ['-n', ns, ...args], { kubeconfig });
  const file = (name: string, text: string) => {
    const p = join(api.dir, `${minor}-${name}`);
    writeFileSync(p, text);
    return p;
  };

  beforeAll(async () => {
    await rest('POST', '/api/v1/namespaces', { metadata: { name: ns } });
  });

  it('get of a missing object: Error from server (NotFound), exit 1', async () => {
    expect(await k(['get', 'pod', 'nope'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
    });
    expect(await k(['get', 'deployment', 'nope'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n',
    });
  });

  it('delete of a missing object is NotFound', async () => {
    expect(await k(['delete', 'configmap', 'nope'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (NotFound): configmaps "nope" not found\n',
    });
  });

  it('an unknown resource type', async () => {
    const r = await k(['get', 'widgets']);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: the server doesn\'t have a resource type "widgets"\n',
    });
  });

  it('create -f of an existing object: AlreadyExists naming the file', async () => {
    const path = file('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\n');
    expect((await k(['create', '-f', path])).code).toBe(0);
    expect(await k(['create', '-f', path])).toEqual({
      code: 1,
      stdout: '',
      stderr: `Error from server (AlreadyExists): error when creating "${path}": configmaps "dup" already exists\n`,
    });
    const imperative = await k(['create', 'configmap', 'dup']);
    expect(imperative.code).toBe(1);
    expect(imperative.stderr).toContain('configmaps "dup" already exists');
  });

  it('an invalid object with --validate=false: the server\'s 422 as "The Deployment … is invalid"', async () => {
    const path = file('broken.yaml', BROKEN);
    const expected = {
      code: 1,
      stdout: '',
      stderr: 'The Deployment "broken" is invalid: spec.selector: Required value\n',
    };
    expect(await k(['apply', '-f', path, '--validate=false'])).toEqual(expected);
    expect(await k(['create', '-f', path, '--validate=false'])).toEqual(expected);
    expect((await rest('GET', `/apis/apps/v1/namespaces/${ns}/deployments/broken`)).status).toBe(
      404,
    );
  });

  it('a misspelled field fails validation against the OpenAPI schema and creates nothing', async () => {
    const r = await k(['apply', '-f', file('typo.yaml', TYPO)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('unknown field "selectr" in io.k8s.api.apps.v1.DeploymentSpec');
    expect(r.stderr).toContain(
      'missing required field "selector" in io.k8s.api.apps.v1.DeploymentSpec',
    );
    expect(r.stderr).toMatch(/turn validation off with --validate=false\n$/);
    expect((await rest('GET', `/apis/apps/v1/namespaces/${ns}/deployments/typo`)).status).toBe(404);
  });

  it('a wrong type fails validation', async () => {
    const r = await k([
      'create',
      '-f',
      file(
        'badtype.yaml',
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: t\n  labels: [a]\n',
      ),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ValidationError(ConfigMap.metadata.labels)');
  });

  it('an invalid label value is rejected by the server', async () => {
    const r = await k(['label', 'configmap', 'dup', 'bad=no spaces allowed']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: invalid label value: "bad=no spaces allowed"/);
    const r2 = await k(['create', 'configmap', 'Bad_Name']);
    expect(r2.code).toBe(1);
    // kubectl 1.32 prefixes imperative create failures with "error: failed to create configmap: ".
    expect(r2.stderr).toMatch(
      /^(The |error: failed to create configmap: )ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of/,
    );
  });

  it('authenticates with the admin client certificate (the default kubeconfig)', async () => {
    const r = await k(['get', 'namespace', ns]);
    expect(r.code).toBe(0);
    expect(parseTable(r.stdout).rows[0]).toMatchObject({ NAME: ns, STATUS: 'Active' });
  });

  it('authenticates with a bearer token', async () => {
    const r = await k(['get', 'namespace', ns], kubeconfigs.token);
    expect(r.code).toBe(0);
    expect(parseTable(r.stdout).rows[0]).toMatchObject({ NAME: ns, STATUS: 'Active' });
    const c = await k(['create', 'configmap', 'by-token'], kubeconfigs.token);
    expect(c).toEqual({ code: 0, stdout: 'configmap/by-token created\n', stderr: '' });
  });

  it('works over plain HTTP on loopback, by kubeconfig and by --server', async () => {
    let r = await k(['get', 'namespace', ns], kubeconfigs.http);
    expect(r.code).toBe(0);
    expect(parseTable(r.stdout).rows[0]).toMatchObject({ NAME: ns });
    const emptyKubeconfig = join(api.dir, 'kubeconfig-empty');
    writeFileSync(emptyKubeconfig, '');
    r = await runKubectl(bin, ['--server', api.httpUrl, 'get', 'namespace', ns], {
      kubeconfig: emptyKubeconfig,
    });
    expect(r.code).toBe(0);
    expect(parseTable(r.stdout).rows[0]).toMatchObject({ NAME: ns });
  });

  it('a wrong token: "You must be logged in to the server (Unauthorized)"', async () => {
    const r = await k(['get', 'pods'], kubeconfigs.badToken);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    if (minor === 20) {
      expect(r.stderr).toBe('error: You must be logged in to the server (Unauthorized)\n');
    } else {
      // kubectl 1.32 logs each failed discovery attempt first, and names the 401 its own way.
      expect(r.stderr).toMatch(
        /(^|\n)error: You must be logged in to the server \((Unauthorized|the server has asked for the client to provide credentials)\)\n$/,
      );
    }
  });
});
