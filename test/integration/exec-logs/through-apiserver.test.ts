// logs and exec wired into the kubelab API server itself (not a test front end): over HTTPS with the
// admin client certificate, exec's upgrade is authenticated and relayed to the kubelet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApiServer, rawRequest, type TestApiServer } from '../../support/apiserver';
import { createKubeletServer, type KubeletServer } from '../../../src-cluster/kubelet/server';
import { FakeStreamer } from '../../../src-cluster/kubelet/server/testing/fake-streamer';

const KUBECTLS = [
  ['1.32', process.env.KUBECTL_132 ?? '/usr/bin/kubectl'],
  ['1.20', process.env.KUBECTL_120 ?? '/tmp/kubectl120/usr/bin/kubectl'],
] as const;

let api: TestApiServer;
let kubelet: KubeletServer;
let streamer: FakeStreamer;

function run(
  bin: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const cache = mkdtempSync(join(tmpdir(), 'kubectl-cache-'));
  return new Promise((resolve) => {
    execFile(
      bin,
      ['--kubeconfig', api.kubeconfigPath, '--cache-dir', cache, ...args],
      { timeout: 20_000, env: { PATH: process.env.PATH ?? '', HOME: cache } },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  api = await startTestApiServer();
  streamer = new FakeStreamer();
  kubelet = await createKubeletServer({ streamer });
  const post = (path: string, body: unknown) =>
    rawRequest(api.httpUrl, 'POST', path, JSON.stringify(body));
  await post('/api/v1/nodes', { metadata: { name: 'worker-1' } });
  const node = (await rawRequest(api.httpUrl, 'GET', '/api/v1/nodes/worker-1')).json();
  node.status = {
    addresses: [{ type: 'InternalIP', address: '127.0.0.1' }],
    daemonEndpoints: { kubeletEndpoint: { Port: kubelet.port } },
  };
  await rawRequest(api.httpUrl, 'PUT', '/api/v1/nodes/worker-1/status', JSON.stringify(node));
  await post('/api/v1/namespaces/default/pods', {
    metadata: { name: 'p' },
    spec: { nodeName: 'worker-1', containers: [{ name: 'c', image: 'busybox' }] },
  });
  streamer.addContainer('default', 'p', 'c');
  streamer.appendLog('default', 'p', 'c', 'hello from the kubelet');
});
afterAll(async () => {
  await kubelet?.close();
  await api?.stop();
});

describe.each(KUBECTLS)('kubectl %s through the API server', (_v, bin) => {
  it('finds its binary', () => {
    expect(existsSync(bin), `${bin} missing (CI extracts kubectl 1.20; see .ci/run)`).toBe(true);
  });

  it('reads logs', async () => {
    const r = await run(bin, ['logs', 'p']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('hello from the kubelet\n');
  });

  it('execs a command and carries its exit code', async () => {
    const ok = await run(bin, ['exec', 'p', '--', 'echo', 'hi']);
    expect(ok).toMatchObject({ code: 0, stdout: 'hi\n' });
    const bad = await run(bin, ['exec', 'p', '--', 'sh', '-c', 'exit 3']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('command terminated with exit code 3');
  });
});

it('refuses an unauthenticated exec upgrade with 401', async () => {
  const res = await new Promise<number>((resolve) => {
    import('node:https').then(({ request }) => {
      const req = request(
        `${api.url}/api/v1/namespaces/default/pods/p/exec?command=ls&stdout=true`,
        {
          method: 'POST',
          rejectUnauthorized: false,
          headers: {
            Connection: 'Upgrade',
            Upgrade: 'SPDY/3.1',
            'X-Stream-Protocol-Version': 'v4.channel.k8s.io',
          },
        },
      );
      req.on('response', (resp) => resolve(resp.statusCode ?? 0));
      req.on('upgrade', () => resolve(101));
      req.on('error', () => resolve(-1));
      req.end();
    });
  });
  expect(res).toBe(401);
});
