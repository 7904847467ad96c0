// The proxy's own answers (container defaulting, unbound pods, unreachable kubelets), log options
// end to end over HTTP, and kubectl 1.32 falling back to SPDY when the kubelet refuses WebSocket.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, startCluster, type Cluster } from './harness';

const KUBECTL_132 = process.env.KUBECTL_132 ?? '/usr/bin/kubectl';

let cluster: Cluster;

beforeAll(async () => {
  cluster = await startCluster();
  cluster.streamer
    .addContainer('default', 'one', 'c', ['a', 'b', 'c'])
    .addContainer('default', 'two', 'c1', ['x'])
    .addContainer('default', 'two', 'c2', ['y'])
    .setPrevious('default', 'one', 'c', ['before restart']);
  await cluster.createPod('one', ['c']);
  await cluster.createPod('two', ['c1', 'c2']);
  await cluster.request('POST', '/api/v1/namespaces/default/pods', {
    metadata: { name: 'pending' },
    spec: { containers: [{ name: 'c', image: 'busybox' }] },
  });
});
afterAll(async () => cluster?.stop());

const get = (path: string) => cluster.request('GET', path);
const log = (pod: string, q = '') => get(`/api/v1/namespaces/default/pods/${pod}/log${q}`);

describe('pods/log through the proxy', () => {
  it('defaults the only container and applies log options', async () => {
    expect(await log('one')).toEqual({ status: 200, json: 'a\nb\nc\n' });
    expect((await log('one', '?tailLines=1')).json).toBe('c\n');
    expect((await log('one', '?limitBytes=3')).json).toBe('a\nb');
    expect((await log('one', '?previous=true')).json).toBe('before restart\n');
    expect((await log('one', '?timestamps=true')).json).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z a\n/,
    );
  });

  it('asks for a container name when the pod has several', async () => {
    const r = await log('two');
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({
      kind: 'Status',
      reason: 'BadRequest',
      message: 'a container name must be specified for pod two, choose one of: [c1 c2]',
    });
    expect((await log('two', '?container=c2')).json).toBe('y\n');
  });

  it('refuses unknown containers, unbound pods and missing pods', async () => {
    expect((await log('one', '?container=zz')).json.message).toBe(
      'container zz is not valid for pod one',
    );
    const pending = await log('pending');
    expect(pending.status).toBe(400);
    expect(pending.json.message).toBe('pod pending does not have a host assigned');
    expect((await log('ghost')).status).toBe(404);
  });

  it('validates options before reaching the kubelet', async () => {
    const r = await log('one', '?tailLines=-2');
    expect(r.status).toBe(400);
    expect((await log('one', '?sinceSeconds=1&sinceTime=2024-01-01T00:00:00Z')).status).toBe(400);
  });

  it('passes the kubelet error through (no previous instance)', async () => {
    cluster.streamer.addContainer('default', 'fresh', 'c', []);
    await cluster.createPod('fresh', ['c']);
    const r = await log('fresh', '?previous=true');
    expect(r.status).toBe(400);
    expect(r.json.message).toContain('previous terminated container "c" in pod "fresh" not found');
  });

  it('reports an unreachable kubelet like upstream', async () => {
    await cluster.request('POST', '/api/v1/nodes', { metadata: { name: 'dead' } });
    const node = (await get('/api/v1/nodes/dead')).json;
    node.status = {
      addresses: [{ type: 'InternalIP', address: '127.0.0.1' }],
      daemonEndpoints: { kubeletEndpoint: { Port: 1 } },
    };
    await cluster.request('PUT', '/api/v1/nodes/dead/status', node);
    await cluster.createPod('orphan', ['c'], 'dead');
    const r = await log('orphan');
    expect(r.status).toBe(500);
    expect(r.json.message).toMatch(
      /^Get "http:\/\/127\.0\.0\.1:1\/containerLogs\/default\/orphan\/c": /,
    );
  });
});

describe('pods/exec without an upgrade', () => {
  it('answers with the kubelet refusal', async () => {
    const r = await cluster.request(
      'POST',
      '/api/v1/namespaces/default/pods/one/exec?command=ls&stdout=true',
    );
    expect(r.status).toBe(400);
    expect(r.json.message).toBe('Upgrade request required');
  });

  it('validates exec parameters', async () => {
    const r = await cluster.request('POST', '/api/v1/namespaces/default/pods/one/exec?stdout=true');
    expect(r.json.message).toBe('you must specify at least one command for the container');
  });
});

describe.runIf(existsSync(KUBECTL_132))('kubectl 1.32 against a SPDY-only kubelet', () => {
  let spdyOnly: Cluster;
  beforeAll(async () => {
    spdyOnly = await startCluster({ kubelet: { websocket: false } });
    spdyOnly.streamer.addContainer('default', 'p', 'c');
    await spdyOnly.createPod('p', ['c']);
  });
  afterAll(async () => spdyOnly?.stop());

  it('falls back from WebSocket to SPDY and keeps exit codes and stdin', async () => {
    const k = (args: string[], stdin?: string) =>
      run(KUBECTL_132, spdyOnly.url, spdyOnly.dir, args, stdin !== undefined ? { stdin } : {});
    expect(await k(['exec', 'p', '--', 'echo', 'via', 'spdy'])).toMatchObject({
      code: 0,
      stdout: 'via spdy\n',
    });
    expect(await k(['exec', '-i', 'p', '--', 'cat'], 'in\n')).toMatchObject({
      code: 0,
      stdout: 'in\n',
    });
    expect((await k(['exec', 'p', '--', 'sh', '-c', 'exit 4'])).code).toBe(4);
  });
});
