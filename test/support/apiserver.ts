/**
 * Starts a real kubelab API server for a test: HTTPS with a fresh self-signed PKI and an admin
 * client certificate, plus a loopback HTTP port. Returns kubeconfigs for @kubernetes/client-node and
 * kubectl, and a stop() that closes everything.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { ApiServer, type ApiServerOptions } from '../../src-cluster/apiserver/server';
import { ensurePki } from '../../src-cluster/admin/pki';
import { kubeconfigYaml } from '../../src-cluster/admin/kubeconfig';
import type { Store } from '../../src-cluster/store/store';
import { SqliteStore } from '../../src-cluster/store/sqlite/sqlite-store';
import { TraceRing } from '../../src-shared/trace';

export interface TestApiServer {
  server: ApiServer;
  store: Store;
  trace: TraceRing;
  /** https://127.0.0.1:<port> */
  url: string;
  /** http://127.0.0.1:<port> (no auth) */
  httpUrl: string;
  kubeconfigPath: string;
  kubeConfig(): KubeConfig;
  dir: string;
  stop(): Promise<void>;
}

let cachedPkiDir: string | undefined;

export async function startTestApiServer(
  opts: { store?: Store; server?: Partial<ApiServerOptions> } = {},
): Promise<TestApiServer> {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-api-'));
  // One PKI per test process: key generation is the slowest part of start-up.
  cachedPkiDir ??= mkdtempSync(join(tmpdir(), 'kubelab-pki-'));
  // Tests that start other components (controllers) authenticate with the same admin certificate.
  process.env.KUBELAB_TEST_PKI = cachedPkiDir;
  const pki = ensurePki(cachedPkiDir, []);
  const store = opts.store ?? (await SqliteStore.open(join(dir, 'state.db')));
  const trace = new TraceRing(100_000);
  const server = new ApiServer({ store, trace, ...opts.server });
  await server.bootstrap();
  const ports = await server.listen({
    securePort: 0,
    tls: { key: pki.serverKey, cert: pki.serverCert, ca: pki.caCert },
    insecurePort: 0,
  });
  const url = `https://127.0.0.1:${ports.securePort}`;
  const kubeconfigPath = join(dir, 'kubeconfig');
  const yaml = kubeconfigYaml({
    server: url,
    caCert: pki.caCert,
    user: { clientCert: pki.adminCert, clientKey: pki.adminKey },
  });
  writeFileSync(kubeconfigPath, yaml);
  return {
    server,
    store,
    trace,
    url,
    httpUrl: `http://127.0.0.1:${ports.insecurePort}`,
    kubeconfigPath,
    dir,
    kubeConfig() {
      const kc = new KubeConfig();
      kc.loadFromString(yaml);
      return kc;
    },
    async stop() {
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A raw HTTP request against the loopback port (for bad-input tests no client library would send). */
export async function rawRequest(
  base: string,
  method: string,
  path: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; text: string; json: () => any }> {
  const res = await fetch(base + path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}
