// Authentication on the secure port: the admin client certificate and static bearer tokens
// identify users; anything else is 401 with a Status. The loopback HTTP port is trusted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import https from 'node:https';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { startTestApiServer, rawRequest, type TestApiServer } from '../../support/apiserver';
import { parseTokenFile } from '../../../src-cluster/apiserver/authn/token-file';
import { ensurePki } from '../../../src-cluster/admin/pki';
import { kubeconfigYaml } from '../../../src-cluster/admin/kubeconfig';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let api: TestApiServer;

beforeAll(async () => {
  api = await startTestApiServer({
    server: { tokens: parseTokenFile('s3cret-token,alice,1001,"devs,ops"\n') },
  });
});
afterAll(async () => api?.stop());

function get(
  path: string,
  headers: Record<string, string> = {},
  tls: { cert?: string; key?: string } = {},
) {
  const pki = ensurePki(process.env.KUBELAB_TEST_PKI!, []);
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = https.request(api.url + path, { ca: pki.caCert, headers, ...tls }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // plain-text answers (/healthz) stay text
        }
        resolve({ status: res.statusCode!, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('authentication', () => {
  it('accepts the admin client certificate (client-node kubeconfig with cert data)', async () => {
    const core = api.kubeConfig().makeApiClient(CoreV1Api);
    expect((await core.listNamespace()).items.length).toBeGreaterThanOrEqual(4);
    const traced = api.trace.events().find((e) => e.resource === 'namespaces' && e.verb === 'list');
    expect(traced?.detail?.user).toBe('kubelab-admin');
  });

  it('accepts a bearer token from the token file', async () => {
    const pki = ensurePki(process.env.KUBELAB_TEST_PKI!, []);
    const kc = new KubeConfig();
    kc.loadFromString(
      kubeconfigYaml({ server: api.url, caCert: pki.caCert, user: { token: 's3cret-token' } }),
    );
    const core = kc.makeApiClient(CoreV1Api);
    expect((await core.listNamespace()).items.length).toBeGreaterThanOrEqual(4);
    const traced = api.trace.events().filter((e) => e.detail?.user === 'alice');
    expect(traced.length).toBeGreaterThan(0);
  });

  it('answers no credentials, a wrong token, or a certificate from another CA with 401 Unauthorized', async () => {
    for (const r of [
      await get('/api/v1/namespaces'),
      await get('/api/v1/namespaces', { authorization: 'Bearer nope' }),
    ]) {
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    }
    const stranger = ensurePki(mkdtempSync(join(tmpdir(), 'kubelab-other-ca-')), []);
    const r = await get(
      '/api/v1/namespaces',
      {},
      { cert: stranger.adminCert, key: stranger.adminKey },
    );
    expect(r.status).toBe(401);
  });

  it('keeps health and version public, and trusts the loopback HTTP port', async () => {
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/version')).body.major).toBe('1');
    expect((await rawRequest(api.httpUrl, 'GET', '/api/v1/namespaces')).status).toBe(200);
  });
});
