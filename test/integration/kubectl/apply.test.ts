// kubectl acceptance: declarative and imperative writes (apply, create, replace, delete) with real
// kubectl 1.20 and 1.32 against the real kubelab API server. Each client works in its own
// namespace; every command's output and exit code is asserted, and so is the stored object.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControllers } from '../../../src-cluster/cmd/in-process-controllers';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver';
import {
  kubectlClients,
  restClient,
  runKubectl,
  startKubectl,
  type Rest,
  type RunOptions,
} from '../../support/kubectl';

const clients = kubectlClients();
let api: TestApiServer;
let rest: Rest;
let controllers: { stop(): Promise<void> };

beforeAll(async () => {
  api = await startTestApiServer();
  rest = restClient(api.httpUrl);
  controllers = startControllers(['namespace'], { server: api.httpUrl });
  await rest('POST', '/api/v1/nodes', { metadata: { name: 'node-1' } });
});
afterAll(async () => {
  await controllers?.stop();
  await api?.stop();
});

const deployment = (env: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: ${env.includes('LOG_LEVEL') ? 3 : 4}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.19
          ports:
            - containerPort: 80
          env:
${env}`;

const ENV_BLUE = `            - name: MODE
              value: blue
            - name: LOG_LEVEL
              value: info
`;
const ENV_GREEN = `            - name: MODE
              value: green
`;

const configMap = (color: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  color: ${color}
`;

describe.each(clients)('$name', ({ bin, minor }) => {
  const ns = `apply-${minor}`;
  const kc = (args: string[], opts: Partial<RunOptions> = {}) =>
    runKubectl(bin, args, { kubeconfig: api.kubeconfigPath, ...opts });
  const k = (args: string[], opts: Partial<RunOptions> = {}) => kc(['-n', ns, ...args], opts);
  const file = (name: string, text: string) => {
    const p = join(api.dir, `${minor}-${name}`);
    writeFileSync(p, text);
    return p;
  };
  const deploymentPath = `/apis/apps/v1/namespaces/${ns}/deployments/web`;

  beforeAll(async () => {
    expect((await rest('POST', '/api/v1/namespaces', { metadata: { name: ns } })).status).toBe(201);
  });

  it('apply -f creates the object and records last-applied-configuration', async () => {
    const r = await k(['apply', '-f', file('web.yaml', deployment(ENV_BLUE))]);
    expect(r).toEqual({ code: 0, stdout: 'deployment.apps/web created\n', stderr: '' });
    const { status, json } = await rest('GET', deploymentPath);
    expect(status).toBe(200);
    expect(json.metadata.generation).toBe(1);
    expect(json.spec.replicas).toBe(3);
    expect(json.spec.template.spec.containers[0].env).toEqual([
      { name: 'MODE', value: 'blue' },
      { name: 'LOG_LEVEL', value: 'info' },
    ]);
    const lastApplied = JSON.parse(
      json.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'],
    );
    expect(lastApplied).toMatchObject({
      kind: 'Deployment',
      metadata: { name: 'web', namespace: ns },
    });
  });

  it('re-apply with a changed value and a removed env item is "configured" and drops the item', async () => {
    const r = await k(['apply', '-f', file('web.yaml', deployment(ENV_GREEN))]);
    expect(r).toEqual({ code: 0, stdout: 'deployment.apps/web configured\n', stderr: '' });
    const { json } = await rest('GET', deploymentPath);
    expect(json.spec.replicas).toBe(4);
    expect(json.spec.template.spec.containers[0].env).toEqual([{ name: 'MODE', value: 'green' }]);
    expect(json.spec.template.spec.containers[0].ports).toEqual([
      { containerPort: 80, protocol: 'TCP' },
    ]);
    expect(json.metadata.generation).toBe(2);
  });

  it('re-apply of the same file is "unchanged" and writes nothing', async () => {
    const before = (await rest('GET', deploymentPath)).json.metadata.resourceVersion;
    const r = await k(['apply', '-f', file('web.yaml', deployment(ENV_GREEN))]);
    expect(r).toEqual({ code: 0, stdout: 'deployment.apps/web unchanged\n', stderr: '' });
    expect((await rest('GET', deploymentPath)).json.metadata.resourceVersion).toBe(before);
  });

  it('create -f creates, replace -f replaces, delete -f deletes', async () => {
    const cmPath = `/api/v1/namespaces/${ns}/configmaps/settings`;
    let r = await k(['create', '-f', file('cm.yaml', configMap('red'))]);
    expect(r).toEqual({ code: 0, stdout: 'configmap/settings created\n', stderr: '' });
    expect((await rest('GET', cmPath)).json.data).toEqual({ color: 'red' });

    r = await k(['replace', '-f', file('cm.yaml', configMap('green'))]);
    expect(r).toEqual({ code: 0, stdout: 'configmap/settings replaced\n', stderr: '' });
    expect((await rest('GET', cmPath)).json.data).toEqual({ color: 'green' });

    r = await k(['delete', '-f', file('cm.yaml', configMap('green'))]);
    expect(r).toEqual({ code: 0, stdout: 'configmap "settings" deleted\n', stderr: '' });
    expect((await rest('GET', cmPath)).status).toBe(404);
  });

  it('create configmap --from-literal', async () => {
    const r = await k(['create', 'configmap', 'cfg', '--from-literal=a=1', '--from-literal=b=two']);
    expect(r).toEqual({ code: 0, stdout: 'configmap/cfg created\n', stderr: '' });
    const { json } = await rest('GET', `/api/v1/namespaces/${ns}/configmaps/cfg`);
    expect(json.data).toEqual({ a: '1', b: 'two' });
  });

  it('create secret generic stores base64 data of type Opaque', async () => {
    const r = await k(['create', 'secret', 'generic', 'creds', '--from-literal=password=hunter2']);
    expect(r).toEqual({ code: 0, stdout: 'secret/creds created\n', stderr: '' });
    const { json } = await rest('GET', `/api/v1/namespaces/${ns}/secrets/creds`);
    expect(json.type).toBe('Opaque');
    expect(Buffer.from(json.data.password, 'base64').toString()).toBe('hunter2');
  });

  it('create deployment --image --replicas', async () => {
    const r = await k(['create', 'deployment', 'api', '--image=nginx:1.25', '--replicas=2']);
    expect(r).toEqual({ code: 0, stdout: 'deployment.apps/api created\n', stderr: '' });
    const { json } = await rest('GET', `/apis/apps/v1/namespaces/${ns}/deployments/api`);
    expect(json.spec.replicas).toBe(2);
    expect(json.spec.selector).toEqual({ matchLabels: { app: 'api' } });
    expect(json.spec.template.spec.containers[0]).toMatchObject({
      name: 'nginx',
      image: 'nginx:1.25',
    });
  });

  it('create serviceaccount', async () => {
    const r = await k(['create', 'serviceaccount', 'robot']);
    expect(r).toEqual({ code: 0, stdout: 'serviceaccount/robot created\n', stderr: '' });
    expect((await rest('GET', `/api/v1/namespaces/${ns}/serviceaccounts/robot`)).status).toBe(200);
  });

  it('create namespace, then delete it: kubectl waits until the namespace is gone', async () => {
    const name = `scratch-${minor}`;
    let r = await kc(['create', 'namespace', name]);
    expect(r).toEqual({ code: 0, stdout: `namespace/${name} created\n`, stderr: '' });
    const { json } = await rest('GET', `/api/v1/namespaces/${name}`);
    expect(json.status.phase).toBe('Active');
    expect(json.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': name });
    await rest('POST', `/api/v1/namespaces/${name}/configmaps`, { metadata: { name: 'x' } });

    r = await kc(['delete', 'namespace', name]);
    expect(r).toEqual({ code: 0, stdout: `namespace "${name}" deleted\n`, stderr: '' });
    expect((await rest('GET', `/api/v1/namespaces/${name}`)).status).toBe(404);
  });

  it('delete pod waits through the grace period until the final delete removes it', async () => {
    const podPath = `/api/v1/namespaces/${ns}/pods/busy`;
    const created = await rest('POST', `/api/v1/namespaces/${ns}/pods`, {
      metadata: { name: 'busy' },
      spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'busybox' }] },
    });
    expect(created.status).toBe(201);

    const del = startKubectl(bin, ['-n', ns, 'delete', 'pod', 'busy'], {
      kubeconfig: api.kubeconfigPath,
    });
    let exited = false;
    void del.exited.then(() => (exited = true));
    await del.waitFor('pod "busy" deleted\n');
    // The pod is now terminating (as a kubelet would see it) and kubectl keeps waiting.
    const terminating = (await rest('GET', podPath)).json;
    expect(terminating.metadata.deletionTimestamp).toBeDefined();
    expect(terminating.metadata.deletionGracePeriodSeconds).toBe(30);
    const table = await k(['get', 'pod', 'busy', '--no-headers']);
    expect(table.stdout).toMatch(/^busy\s+0\/1\s+Terminating\s+0\s+\S+\n$/);
    expect(exited).toBe(false);

    // Play the kubelet: the final delete with grace 0 once the containers are gone.
    const final = await rest('DELETE', podPath, {
      gracePeriodSeconds: 0,
      preconditions: { uid: created.json.metadata.uid },
    });
    expect(final.status).toBe(200);
    const r = await del.exited;
    expect(r).toEqual({ code: 0, stdout: 'pod "busy" deleted\n', stderr: '' });
    expect((await rest('GET', podPath)).status).toBe(404);
  });

  it('delete --wait=false returns at once and leaves the pod terminating', async () => {
    await rest('POST', `/api/v1/namespaces/${ns}/pods`, {
      metadata: { name: 'quick' },
      spec: {
        nodeName: 'node-1',
        terminationGracePeriodSeconds: 60,
        containers: [{ name: 'c', image: 'busybox' }],
      },
    });
    const r = await k(['delete', 'pod', 'quick', '--wait=false']);
    expect(r).toEqual({ code: 0, stdout: 'pod "quick" deleted\n', stderr: '' });
    const { json } = await rest('GET', `/api/v1/namespaces/${ns}/pods/quick`);
    expect(json.metadata.deletionGracePeriodSeconds).toBe(60);
  });
});
