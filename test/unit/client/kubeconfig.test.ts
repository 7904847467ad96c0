import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { findResource } from '../../../src-cluster/api/resources';
import { ApiClient } from '../../../src-cluster/client/client';
import { HttpTransport } from '../../../src-cluster/client/http-transport';
import {
  KubeconfigError,
  loadKubeconfigFile,
  resolveKubeconfig,
} from '../../../src-cluster/client/kubeconfig';
import { TransportError } from '../../../src-cluster/client/transport';
import { FakeApiServer } from './fake-apiserver';

const nodes = findResource('', 'v1', 'nodes')!;

function kubeconfig(cluster: object, user: object, namespace?: string) {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'lab',
    clusters: [{ name: 'c', cluster }],
    users: [{ name: 'u', user }],
    contexts: [
      { name: 'lab', context: { cluster: 'c', user: 'u', namespace } },
      { name: 'other', context: { cluster: 'c', user: 'u', namespace: 'kube-system' } },
    ],
  });
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('kubeconfig over HTTPS', () => {
  let dir: string;
  let server: https.Server;
  let url: string;
  let ca: string;
  const seen: { auth?: string; subject?: { CN?: string; O?: string } }[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kubelab-kc-'));
    const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    ssl(
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '2',
      '-subj',
      '/CN=test-ca',
    );
    ssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=apiserver');
    writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
    ssl(
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.crt',
      '-days',
      '2',
      '-extfile',
      'san.ext',
    );
    ssl(
      'req',
      ...ec,
      '-keyout',
      'client.key',
      '-out',
      'client.csr',
      '-subj',
      '/O=system:masters/CN=admin',
    );
    ssl(
      'x509',
      '-req',
      '-in',
      'client.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'client.crt',
      '-days',
      '2',
    );
    ca = readFileSync(path.join(dir, 'ca.crt'), 'utf8');
    server = https.createServer(
      {
        key: readFileSync(path.join(dir, 'server.key')),
        cert: readFileSync(path.join(dir, 'server.crt')),
        ca,
        requestCert: true,
        rejectUnauthorized: false, // authentication decides later, like the real API server
      },
      (req, res) => {
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        seen.push({
          auth: req.headers.authorization,
          subject:
            peer && peer.subject
              ? { CN: String(peer.subject.CN), O: String(peer.subject.O) }
              : undefined,
        });
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            kind: 'NodeList',
            apiVersion: 'v1',
            metadata: { resourceVersion: '7' },
            items: [],
          }),
        );
      },
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  async function listWith(kc: ReturnType<typeof resolveKubeconfig>) {
    const t = new HttpTransport(kc.transport);
    try {
      return await new ApiClient({ transport: t, component: 'kc' }).resource(nodes).list();
    } finally {
      t.close();
    }
  }

  it('authenticates with a bearer token and an inline CA', async () => {
    const kc = resolveKubeconfig(
      kubeconfig(
        { server: url, 'certificate-authority-data': b64(ca) },
        { token: 's3cret' },
        'team-a',
      ),
    );
    expect(kc.namespace).toBe('team-a');
    const list = await listWith(kc);
    expect(list.metadata.resourceVersion).toBe('7');
    expect(seen.at(-1)).toEqual({ auth: 'Bearer s3cret', subject: undefined });
  });

  it('authenticates with a client certificate from files relative to the kubeconfig', async () => {
    const file = path.join(dir, 'kubeconfig-cert');
    writeFileSync(
      file,
      kubeconfig(
        { server: url, 'certificate-authority': 'ca.crt' },
        { 'client-certificate': 'client.crt', 'client-key': 'client.key' },
      ),
    );
    const kc = loadKubeconfigFile(file);
    expect(kc.namespace).toBe('default');
    await listWith(kc);
    expect(seen.at(-1)).toEqual({ auth: undefined, subject: { CN: 'admin', O: 'system:masters' } });
  });

  it('accepts inline client-certificate-data/client-key-data', async () => {
    const kc = resolveKubeconfig(
      kubeconfig(
        { server: url, 'certificate-authority-data': b64(ca) },
        {
          'client-certificate-data': b64(readFileSync(path.join(dir, 'client.crt'), 'utf8')),
          'client-key-data': b64(readFileSync(path.join(dir, 'client.key'), 'utf8')),
        },
      ),
    );
    await listWith(kc);
    expect(seen.at(-1)?.subject?.CN).toBe('admin');
  });

  it('rejects an untrusted server certificate unless insecure-skip-tls-verify is set', async () => {
    const untrusted = resolveKubeconfig(kubeconfig({ server: url }, { token: 't' }));
    await expect(listWith(untrusted)).rejects.toBeInstanceOf(TransportError);
    const insecure = resolveKubeconfig(
      kubeconfig({ server: url, 'insecure-skip-tls-verify': true }, { token: 't' }),
    );
    expect((await listWith(insecure)).metadata.resourceVersion).toBe('7');
  });
});

describe('kubeconfig resolution', () => {
  it('works against plain http with no user credentials', async () => {
    const fake = new FakeApiServer();
    const base = await fake.start();
    try {
      const kc = resolveKubeconfig(kubeconfig({ server: base }, {}));
      expect(kc.transport).toEqual({ server: base });
      const t = new HttpTransport(kc.transport);
      await new ApiClient({ transport: t, component: 'kc' }).resource(nodes).list();
      t.close();
      expect(fake.requests.at(-1)?.headers.authorization).toBeUndefined();
    } finally {
      await fake.stop();
    }
  });

  it('honours an explicit context over current-context', () => {
    const kc = resolveKubeconfig(kubeconfig({ server: 'http://x' }, {}), { context: 'other' });
    expect(kc.contextName).toBe('other');
    expect(kc.namespace).toBe('kube-system');
  });

  it('explains what is wrong with unusable kubeconfigs', () => {
    expect(() =>
      resolveKubeconfig(kubeconfig({ server: 'http://x' }, {}), { context: 'nope' }),
    ).toThrow(/no context named "nope"/);
    expect(() => resolveKubeconfig(kubeconfig({}, {}))).toThrow(/has no server/);
    expect(() =>
      resolveKubeconfig(kubeconfig({ server: 'http://x' }, { exec: { command: 'aws' } })),
    ).toThrow(/exec and auth-provider plugins are not supported/);
    expect(() =>
      resolveKubeconfig(
        kubeconfig({ server: 'http://x' }, { 'client-certificate-data': b64('x') }),
      ),
    ).toThrow(KubeconfigError);
    expect(() => resolveKubeconfig('current-context: [')).toThrow(/not valid YAML/);
    expect(() => loadKubeconfigFile('/nonexistent/kubeconfig')).toThrow(/cannot read kubeconfig/);
  });
});
