// Real kubectl 1.32 imperative creates against the real kubelab API server. kubectl sends these
// bodies as application/vnd.kubernetes.protobuf; the front handler here decodes them with the
// protobuf decoder and hands the API server the equivalent JSON (the way the server itself does once
// the decoder is wired into body.ts). Each command must exit 0, and the stored object, read back as
// JSON, must carry what kubectl set.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeKubernetesProtobufDetailed,
  PROTOBUF_CONTENT_TYPE,
  type UnknownField,
} from '../../../src-cluster/apiserver/protobuf/index';
import { ApiServer } from '../../../src-cluster/apiserver/server';
import { SqliteStore } from '../../../src-cluster/store/sqlite/sqlite-store';

const KUBECTL = '/usr/bin/kubectl';
const run = promisify(execFile);

let dir: string;
let store: SqliteStore;
let front: http.Server;
let base: string;
/** Every protobuf body seen: its kind and the fields the decoder skipped. */
const seen: { kind: string; unknownFields: UnknownField[] }[] = [];

/** The request with its protobuf body replaced by the decoded object as JSON. */
function asJsonRequest(req: IncomingMessage, json: Buffer): IncomingMessage {
  return Object.assign(Readable.from([json]), {
    method: req.method,
    url: req.url,
    socket: req.socket,
    headers: {
      ...req.headers,
      'content-type': 'application/json',
      'content-length': String(json.length),
    },
  }) as unknown as IncomingMessage;
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubelab-pb-'));
  store = await SqliteStore.open(join(dir, 'state.db'));
  const server = new ApiServer({ store });
  await server.bootstrap();
  front = http.createServer((req, res) => {
    void (async () => {
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
      if (type !== PROTOBUF_CONTENT_TYPE) return server.handle(req, res);
      try {
        const decoded = decodeKubernetesProtobufDetailed(await readAll(req));
        seen.push({ kind: String(decoded.object.kind), unknownFields: decoded.unknownFields });
        const json = Buffer.from(JSON.stringify(decoded.object));
        return server.handle(asJsonRequest(req, json), res);
      } catch (err) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            code: 400,
            reason: 'BadRequest',
            message: (err as Error).message,
          }),
        );
      }
    })();
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  // An empty kubeconfig: nothing from the machine's ~/.kube leaks into the test.
  writeFileSync(join(dir, 'kubeconfig'), 'apiVersion: v1\nkind: Config\n');
});

afterAll(async () => {
  front?.closeAllConnections();
  await new Promise((resolve) => front?.close(resolve));
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function kubectl(args: string[]): Promise<string> {
  const { stdout } = await run(
    KUBECTL,
    ['--server', base, '--cache-dir', join(dir, 'cache'), ...args],
    { env: { ...process.env, KUBECONFIG: join(dir, 'kubeconfig') }, timeout: 20_000 },
  );
  return stdout;
}

async function getJson(path: string): Promise<any> {
  const res = await fetch(base + path, { headers: { accept: 'application/json' } });
  expect(res.status, `GET ${path}`).toBe(200);
  return res.json();
}

const rbac = '/apis/rbac.authorization.k8s.io/v1';

const CASES: { args: string[]; path: string; check: (o: any) => void }[] = [
  {
    args: ['create', 'configmap', 'x', '--from-literal=a=b'],
    path: '/api/v1/namespaces/default/configmaps/x',
    check: (o) => expect(o.data).toEqual({ a: 'b' }),
  },
  {
    args: ['create', 'secret', 'generic', 's', '--from-literal=k=v'],
    path: '/api/v1/namespaces/default/secrets/s',
    check: (o) => {
      expect(o.data).toEqual({ k: Buffer.from('v').toString('base64') });
      expect(o.type).toBe('Opaque');
    },
  },
  {
    args: ['create', 'namespace', 'n'],
    path: '/api/v1/namespaces/n',
    check: (o) => expect(o.status.phase).toBe('Active'),
  },
  {
    args: ['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2', '--port=80'],
    path: '/apis/apps/v1/namespaces/default/deployments/web',
    check: (o) => {
      expect(o.spec.replicas).toBe(2);
      expect(o.spec.selector).toEqual({ matchLabels: { app: 'web' } });
      const c = o.spec.template.spec.containers[0];
      expect(c.image).toBe('nginx:1.25');
      expect(c.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    },
  },
  {
    args: ['create', 'job', 'j', '--image=busybox', '--', 'echo', 'hi'],
    path: '/apis/batch/v1/namespaces/default/jobs/j',
    check: (o) => {
      const spec = o.spec.template.spec;
      expect(spec.containers[0]).toMatchObject({ image: 'busybox', command: ['echo', 'hi'] });
      expect(spec.restartPolicy).toBe('Never');
    },
  },
  {
    args: ['create', 'serviceaccount', 'sa'],
    path: '/api/v1/namespaces/default/serviceaccounts/sa',
    check: (o) => expect(o.metadata.name).toBe('sa'),
  },
  {
    args: ['create', 'service', 'clusterip', 'svc', '--tcp=80:8080'],
    path: '/api/v1/namespaces/default/services/svc',
    check: (o) => {
      expect(o.spec.type).toBe('ClusterIP');
      expect(o.spec.selector).toEqual({ app: 'svc' });
      expect(o.spec.ports).toEqual([
        { name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 },
      ]);
      expect(o.spec.clusterIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    },
  },
  {
    args: ['create', 'role', 'r', '--verb=get', '--resource=pods'],
    path: `${rbac}/namespaces/default/roles/r`,
    check: (o) =>
      expect(o.rules).toEqual([{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }]),
  },
  {
    args: ['create', 'rolebinding', 'rb', '--role=r', '--user=u'],
    path: `${rbac}/namespaces/default/rolebindings/rb`,
    check: (o) => {
      expect(o.subjects).toEqual([
        { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'u' },
      ]);
      expect(o.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' });
    },
  },
  {
    args: ['create', 'clusterrole', 'cr', '--verb=list', '--resource=nodes'],
    path: `${rbac}/clusterroles/cr`,
    check: (o) =>
      expect(o.rules).toEqual([{ verbs: ['list'], apiGroups: [''], resources: ['nodes'] }]),
  },
  {
    args: ['create', 'clusterrolebinding', 'crb', '--clusterrole=cr', '--group=g'],
    path: `${rbac}/clusterrolebindings/crb`,
    check: (o) => {
      expect(o.subjects).toEqual([
        { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'g' },
      ]);
      expect(o.roleRef).toMatchObject({ kind: 'ClusterRole', name: 'cr' });
    },
  },
];

describe.skipIf(!existsSync(KUBECTL))('kubectl 1.32 imperative creates over protobuf', () => {
  it.each(CASES.map((c) => [c.args.slice(0, 3).join(' '), c] as const))('%s', async (_name, c) => {
    const before = seen.length;
    await kubectl(c.args);
    // The body really went over protobuf, and the decoder skipped none of its fields.
    expect(seen.length).toBe(before + 1);
    expect(seen.at(-1)!.unknownFields).toEqual([]);
    c.check(await getJson(c.path));
  });
});
