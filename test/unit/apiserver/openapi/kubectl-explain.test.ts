/**
 * Real kubectl against the real API server with the OpenAPI handler in front of it: explain,
 * client-side validation in apply/create, and HTTP cache revalidation. Runs every kubectl found:
 * v1.32 at /usr/bin/kubectl (asks /openapi/v3 first, falls back to v2) and v1.20 at $KUBECTL_120 or
 * /tmp/kubectl120/usr/bin/kubectl (`apt-get download kubernetes-client && dpkg-deb -x …`).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveOpenApi } from '../../../../src-cluster/apiserver/openapi/handler';
import { ApiServer } from '../../../../src-cluster/apiserver/server';
import { SqliteStore } from '../../../../src-cluster/store/sqlite/sqlite-store';

const CANDIDATES: [string, string][] = [
  ['v1.32', '/usr/bin/kubectl'],
  ['v1.20', process.env.KUBECTL_120 ?? '/tmp/kubectl120/usr/bin/kubectl'],
];
const KUBECTLS = CANDIDATES.filter(([, path]) => existsSync(path));

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 25%, maxUnavailable: 1}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports: [{containerPort: 80, name: http}]
        env: [{name: MODE, value: prod}]
        resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 128Mi}}
        readinessProbe: {httpGet: {path: /, port: http}, periodSeconds: 5}
        volumeMounts: [{name: data, mountPath: /data}]
      volumes:
      - name: data
        emptyDir: {}
      tolerations: [{key: example, operator: Exists}]
`;

interface Logged {
  path: string;
  status: number;
  ifNoneMatch?: string;
}

let dir: string;
let store: SqliteStore;
let api: ApiServer;
let front: http.Server;
let serverUrl: string;
const log: Logged[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubelab-openapi-'));
  store = await SqliteStore.open(join(dir, 'state.db'));
  api = new ApiServer({ store });
  await api.bootstrap();
  front = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    const inm = req.headers['if-none-match'];
    res.on('finish', () =>
      log.push({ path: pathname, status: res.statusCode, ...(inm ? { ifNoneMatch: inm } : {}) }),
    );
    if (!serveOpenApi(req, res, pathname)) void api.handle(req, res);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  serverUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  // An empty but valid kubeconfig: kubectl 1.20 warns on stderr when the file is missing.
  writeFileSync(join(dir, 'kubeconfig'), 'apiVersion: v1\nkind: Config\n');
  writeFileSync(join(dir, 'good.yaml'), DEPLOYMENT);
  writeFileSync(
    join(dir, 'typo.yaml'),
    DEPLOYMENT.replace('  selector:', '  selectr:').replace('image: nginx', 'imagee: nginx'),
  );
  writeFileSync(join(dir, 'badtype.yaml'), DEPLOYMENT.replace('replicas: 2', 'replicas: two'));
});

afterAll(async () => {
  await new Promise<void>((resolve) => front.close(() => resolve()));
  await api.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function kubectl(bin: string, cacheDir: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      bin,
      ['--server', serverUrl, '--cache-dir', cacheDir, ...args],
      // A private HOME and KUBECONFIG: nothing from the machine's user leaks in or gets written.
      {
        env: { PATH: process.env.PATH, HOME: dir, KUBECONFIG: join(dir, 'kubeconfig') },
        timeout: 60_000,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('kubectl binaries', () => {
  it('finds at least one kubectl to test with', () => {
    expect(
      KUBECTLS.length,
      'no kubectl found: expected /usr/bin/kubectl (v1.32) or a v1.20 binary at $KUBECTL_120 or ' +
        '/tmp/kubectl120/usr/bin/kubectl (cd /tmp && apt-get download kubernetes-client && ' +
        'dpkg-deb -x kubernetes-client_*.deb /tmp/kubectl120)',
    ).toBeGreaterThan(0);
  });
});

describe.each(KUBECTLS)('kubectl %s', (version, bin) => {
  let cache: string;
  beforeAll(() => {
    cache = mkdtempSync(join(dir, `cache-${version}-`));
  });
  const run = (...args: string[]) => kubectl(bin, cache, args);

  it('explains a kind with our descriptions', async () => {
    const r = await run('explain', 'deployment');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^KIND:\s+Deployment$/m);
    expect(r.stdout).toMatch(/^VERSION:\s+apps\/v1$/m);
    expect(r.stdout).toContain('Runs a replicated, stateless application');
    expect(r.stdout).toMatch(/^\s+spec\t<Object>$/m);
    expect(r.stdout).toMatch(/^\s+status\t<Object>$/m);
    expect(r.stdout).toContain('The desired pods, how many, and how to roll out changes.');
  });

  it('explains a nested list field with field and type descriptions', async () => {
    const r = await run('explain', 'deployment.spec.template.spec.containers');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^RESOURCE:\s+containers <\[\]Object>$/m);
    expect(r.stdout).toContain('The application containers; at least one is required.');
    expect(r.stdout).toContain('One application container of a pod');
    expect(r.stdout).toMatch(/^\s+name\t<string> -required-$/m);
    expect(r.stdout).toMatch(/^\s+ports\t<\[\]Object>$/m);
    expect(r.stdout).toMatch(/^\s+args\t<\[\]string>$/m);
  });

  it('revalidates the cached document with If-None-Match and gets 304', async () => {
    const before = log.length;
    const r = await run('explain', 'pod.spec.volumes.configMap');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Files made from the keys of a ConfigMap.');
    const openapi = log.slice(before).filter((l) => l.path === '/openapi/v2');
    expect(openapi.length).toBeGreaterThan(0);
    expect(openapi.every((l) => l.status === 304 && l.ifNoneMatch)).toBe(true);
  });

  it('passes client-side validation of a valid manifest in apply --dry-run=client', async () => {
    const r = await run('apply', '-f', join(dir, 'good.yaml'), '--dry-run=client', '-o', 'yaml');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('kind: Deployment');
    expect(r.stdout).toContain('kubectl.kubernetes.io/last-applied-configuration');
  });

  it('reports misspelled fields and the missing required one', async () => {
    for (const cmd of ['apply', 'create']) {
      const r = await run(cmd, '-f', join(dir, 'typo.yaml'), '--dry-run=client', '-o', 'yaml');
      expect(r.code, cmd).not.toBe(0);
      expect(r.stderr).toContain('unknown field "selectr" in io.k8s.api.apps.v1.DeploymentSpec');
      expect(r.stderr).toContain('unknown field "imagee" in io.k8s.api.core.v1.Container');
      expect(r.stderr).toContain('missing required field "selector"');
      expect(r.stderr).toContain('--validate=false');
    }
  });

  it('reports a wrongly typed value', async () => {
    const r = await run('apply', '-f', join(dir, 'badtype.yaml'), '--dry-run=client');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('got "string", expected "integer"');
  });
});
