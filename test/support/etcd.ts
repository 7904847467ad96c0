/**
 * Real etcd members for tests: startEtcdCluster({ members }) runs /usr/bin/etcd on free loopback
 * ports with throwaway data dirs, waits until every member reports healthy (polling, no fixed
 * sleeps), and kills everything with SIGKILL on stop() — and on process exit, so a failed test
 * never leaves etcd running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, closeSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ETCD_BIN = process.env.KUBELAB_ETCD_BIN ?? '/usr/bin/etcd';
const READY_TIMEOUT_MS = 60_000;

/** A running test cluster. Member indexes are 0-based. */
export interface EtcdTestCluster {
  /** Client URLs, one per member ("http://127.0.0.1:<port>"). */
  endpoints: string[];
  /** SIGKILLs member i (immediately; its data dir is kept for restart). */
  kill(i: number): void;
  /** Starts member i again on its old ports and data; resolves once its client port is open. */
  restart(i: number): Promise<void>;
  /** Resolves once every running member reports {"health":"true"} (the cluster has quorum). */
  waitHealthy(timeoutMs?: number): Promise<void>;
  /** Index of the current leader, from each member's /v3 maintenance status. */
  leaderIndex(): Promise<number>;
  /** SIGKILLs every member and removes the data dirs. */
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const p of live) p.kill('SIGKILL');
  });
}

/** Finds a free loopback port by binding port 0. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port')),
      );
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

async function httpJson(url: string, body?: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(2000),
  });
  return res.json();
}

async function pollUntil(
  what: string,
  timeoutMs: number,
  check: () => Promise<boolean>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      if (await check()) return;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `etcd test cluster: timed out waiting for ${what} (last error: ${String(last)})`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts a 1- or 3-member etcd cluster for tests. */
export async function startEtcdCluster(opts: { members: 1 | 3 }): Promise<EtcdTestCluster> {
  if (!existsSync(ETCD_BIN)) {
    throw new Error(
      `etcd is not installed (${ETCD_BIN} is missing): run "apt-get install etcd-server" (tests need a real etcd 3.4)`,
    );
  }
  installExitHook();
  const root = mkdtempSync(join(tmpdir(), 'kubelab-etcd-'));
  const members: { name: string; client: number; peer: number }[] = [];
  for (let i = 0; i < opts.members; i++) {
    members.push({ name: `m${i}`, client: await freePort(), peer: await freePort() });
  }
  const initialCluster = members.map((m) => `${m.name}=http://127.0.0.1:${m.peer}`).join(',');
  const procs: (ChildProcess | null)[] = members.map(() => null);
  const endpoints = members.map((m) => `http://127.0.0.1:${m.client}`);

  const launch = (i: number, state: 'new' | 'existing') => {
    const m = members[i]!;
    const log = openSync(join(root, `${m.name}.log`), 'a');
    const child = spawn(
      ETCD_BIN,
      [
        '--name',
        m.name,
        '--data-dir',
        join(root, m.name),
        '--listen-client-urls',
        endpoints[i]!,
        '--advertise-client-urls',
        endpoints[i]!,
        '--listen-peer-urls',
        `http://127.0.0.1:${m.peer}`,
        '--initial-advertise-peer-urls',
        `http://127.0.0.1:${m.peer}`,
        '--initial-cluster',
        initialCluster,
        '--initial-cluster-token',
        `kubelab-test-${members[0]!.peer}`,
        '--initial-cluster-state',
        state,
        '--listen-metrics-urls',
        '',
        '--logger',
        'zap',
        '--log-outputs',
        'stderr',
      ],
      { stdio: ['ignore', log, log] },
    );
    closeSync(log);
    live.add(child);
    child.on('exit', () => live.delete(child));
    procs[i] = child;
  };

  const memberHealthy = async (i: number) => {
    const h = (await httpJson(`${endpoints[i]}/health`)) as { health?: string };
    return h.health === 'true';
  };

  const cluster: EtcdTestCluster = {
    endpoints,
    kill(i) {
      procs[i]?.kill('SIGKILL');
      procs[i] = null;
    },
    async restart(i) {
      if (procs[i]) throw new Error(`etcd member ${i} is still running`);
      launch(i, 'existing');
      // A restarted member answers HTTP only once it has rejoined a quorum, so wait for its
      // client port to accept connections; waitHealthy() waits for the quorum.
      await pollUntil(`member ${i} to listen`, READY_TIMEOUT_MS, () =>
        canConnect(members[i]!.client),
      );
    },
    async waitHealthy(timeoutMs = READY_TIMEOUT_MS) {
      await pollUntil('every member to be healthy', timeoutMs, async () => {
        for (let i = 0; i < members.length; i++) {
          if (procs[i] && !(await memberHealthy(i))) return false;
        }
        return true;
      });
    },
    async leaderIndex() {
      for (let i = 0; i < members.length; i++) {
        if (!procs[i]) continue;
        const st = (await httpJson(`${endpoints[i]}/v3/maintenance/status`, {})) as {
          header: { member_id: string };
          leader: string;
        };
        if (st.header.member_id === st.leader) return i;
      }
      throw new Error('etcd test cluster: no running member is the leader');
    },
    async stop() {
      for (let i = 0; i < members.length; i++) cluster.kill(i);
      await new Promise((r) => setTimeout(r, 20));
      rmSync(root, { recursive: true, force: true });
    },
  };

  for (let i = 0; i < members.length; i++) launch(i, 'new');
  try {
    await cluster.waitHealthy();
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return cluster;
}
