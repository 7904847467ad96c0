/**
 * Test cluster for logs/exec: a kubelet streaming server backed by the fake streamer, and a real
 * kubelab API server on one HTTP port whose pods/<p>/log|exec|attach requests (upgrades included)
 * go through the proxy — wired the way the API server owner is expected to wire it.
 */
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { spawn } from 'node:child_process';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { ApiServer } from '../../../src-cluster/apiserver/server';
import { SqliteStore } from '../../../src-cluster/store/sqlite/sqlite-store';
import {
  attachUpgradeProxy,
  matchPodStreamPath,
  proxyPodSubresource,
  type ProxyContext,
} from '../../../src-cluster/apiserver/proxy';
import { createKubeletServer, type KubeletServer } from '../../../src-cluster/kubelet/server';
import { FakeStreamer } from '../../../src-cluster/kubelet/server/testing/fake-streamer';

export interface Cluster {
  url: string;
  streamer: FakeStreamer;
  kubelet: KubeletServer;
  dir: string;
  request(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
  createPod(name: string, containers: string[], nodeName?: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startCluster(
  opts: { kubelet?: { websocket?: boolean; spdy?: boolean } } = {},
): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-exec-'));
  const streamer = new FakeStreamer();
  const kubelet = await createKubeletServer({
    streamer,
    ...(opts.kubelet ? { transports: opts.kubelet } : {}),
  });
  const store = await SqliteStore.open(join(dir, 'state.db'));
  const api = new ApiServer({ store });
  await api.bootstrap();
  const ctx: ProxyContext = {
    getPod: async (ns, name) => (await api.registry('', 'v1', 'pods')!.get(ns, name)) as Pod,
    getNode: async (name) => (await api.registry('', 'v1', 'nodes')!.get(undefined, name)) as Node,
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const m = matchPodStreamPath(url.pathname);
    if (m)
      void proxyPodSubresource(req, res, ctx, m.namespace, m.pod, m.subresource, url.searchParams);
    else void api.handle(req, res);
  });
  server.requestTimeout = 0;
  attachUpgradeProxy(server, ctx);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const request = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(url + path, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, json };
  };

  await request('POST', '/api/v1/nodes', { metadata: { name: 'worker-1' } });
  const node = (await request('GET', '/api/v1/nodes/worker-1')).json;
  node.status = {
    addresses: [
      { type: 'Hostname', address: 'worker-1.invalid' },
      { type: 'InternalIP', address: '127.0.0.1' },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: kubelet.port } },
  };
  const put = await request('PUT', '/api/v1/nodes/worker-1/status', node);
  if (put.status !== 200) throw new Error(`node status: ${JSON.stringify(put.json)}`);

  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  return {
    url,
    streamer,
    kubelet,
    dir,
    request,
    async createPod(name, containers, nodeName = 'worker-1') {
      const r = await request('POST', '/api/v1/namespaces/default/pods', {
        metadata: { name },
        spec: { nodeName, containers: containers.map((c) => ({ name: c, image: 'busybox' })) },
      });
      if (r.status !== 201) throw new Error(`create pod: ${JSON.stringify(r.json)}`);
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
      await kubelet.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A running kubectl: output so far, a way to wait for text, and its exit. */
export interface KubectlProcess {
  stdout(): string;
  waitFor(text: string): Promise<void>;
  exited: Promise<Run>;
  kill(): void;
}

export function kubectl(
  bin: string,
  server: string,
  dir: string,
  args: string[],
  opts: { stdin?: string; wrapInPty?: boolean } = {},
): KubectlProcess {
  const kubeconfig = join(dir, 'empty-kubeconfig');
  writeFileSync(kubeconfig, '');
  const full = [
    '--server',
    server,
    '--cache-dir',
    join(dir, `cache-${bin.replace(/\W/g, '_')}`),
    ...args,
  ];
  const env = { ...process.env, KUBECONFIG: kubeconfig, HOME: dir };
  const quoted = [bin, ...full].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = opts.wrapInPty
    ? spawn('script', ['-qefc', quoted, '/dev/null'], { env })
    : spawn(bin, full, { env });
  let out = '';
  let err = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      if (out.includes(w.text)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    check();
  });
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  if (opts.stdin !== undefined) child.stdin.end(opts.stdin);
  const exited = new Promise<Run>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout: out, stderr: err })),
  );
  return {
    stdout: () => out,
    waitFor: (text) =>
      new Promise<void>((resolve, reject) => {
        waiters.push({ text, resolve });
        check();
        void exited.then((r) =>
          reject(
            new Error(
              `kubectl exited before printing ${JSON.stringify(text)}: ${JSON.stringify(r)}`,
            ),
          ),
        );
      }),
    exited,
    kill: () => child.kill(),
  };
}

export async function run(
  bin: string,
  server: string,
  dir: string,
  args: string[],
  opts: { stdin?: string; wrapInPty?: boolean } = {},
): Promise<Run> {
  return kubectl(bin, server, dir, args, opts).exited;
}
