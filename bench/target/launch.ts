/**
 * Starts one benchmark target: a storage backend (a SQLite file, or a real 3-member etcd cluster)
 * and an API server process on it. stop() tears down everything it started, in reverse order.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEtcdCluster, type EtcdTestCluster } from '../../test/support/etcd';
import type { ChildMessage, ParentMessage } from './server-process';

export type Backend = 'sqlite' | 'etcd';

export interface Target {
  backend: Backend;
  /** A line saying what runs, for the report ("SQLite file in /tmp, WAL, synchronous=NORMAL"). */
  description: string;
  /** Temp dir with the backend's data (removed by stop()). */
  dataDir: string;
  /** The API server's loopback URL (changes if the server had to be restarted). */
  readonly baseUrl: string;
  /** CPU time (user + system) the API server process has used so far, ms. */
  serverCpuMs(): Promise<number>;
  /**
   * If the API server process died, starts a new one on the same data and returns why the old one
   * died (its exit status and the end of its stderr); otherwise undefined. A crash in one
   * scenario then shows up in the report instead of failing every scenario after it.
   */
  restartIfDead(): Promise<string | undefined>;
  stop(): Promise<void>;
}

interface ServerProcess {
  child: ChildProcess;
  port: number;
  /** Why the process ended, once it has (undefined while it runs). */
  death(): string | undefined;
}

const SERVER_ENTRY = fileURLToPath(new URL('./server-process.ts', import.meta.url));
const live = new Set<ChildProcess>();
process.on('exit', () => {
  // Last resort if the run crashed between start and stop: never leave a server behind.
  for (const c of live) c.kill('SIGKILL');
});

/** Keeps the end of a stream (while passing it through), to quote a crash's last words. */
function tail(stream: NodeJS.ReadableStream | null, out: NodeJS.WritableStream): () => string {
  let kept = '';
  stream?.on('data', (chunk: Buffer) => {
    out.write(chunk);
    kept = (kept + chunk.toString()).slice(-1500);
  });
  return () => kept;
}

function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const child = fork(SERVER_ENTRY, [], {
    env: { ...process.env, ...env },
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  live.add(child);
  const stderrTail = tail(child.stderr, process.stderr);
  let death: string | undefined;
  child.on('exit', (code, signal) => {
    live.delete(child);
    death = `API server process exited (${signal ?? `code ${code}`}); its stderr ended with:\n${stderrTail().trim()}`;
  });
  // A send to a process that just died raises EPIPE here; the exit handler reports the death.
  child.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    const onMessage = (m: ChildMessage) => {
      if (m.type === 'ready') {
        child.off('message', onMessage);
        resolve({ child, port: m.port, death: () => death });
      } else if (m.type === 'failed') {
        reject(new Error(`the API server did not start: ${m.error}`));
      }
    };
    child.on('message', onMessage);
    child.once('exit', () => reject(new Error(death)));
  });
}

function askCpu(child: ChildProcess): Promise<number> {
  if (!child.connected) return Promise.resolve(NaN);
  return new Promise((resolve) => {
    child.once('exit', () => resolve(NaN));
    const onMessage = (m: ChildMessage) => {
      if (m.type !== 'cpu') return;
      child.off('message', onMessage);
      resolve(m.userMs + m.systemMs);
    };
    child.on('message', onMessage);
    child.send({ type: 'cpu' } satisfies ParentMessage);
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.connected) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.send({ type: 'stop' } satisfies ParentMessage);
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

export async function launchTarget(backend: Backend): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), `kubelab-bench-${backend}-`));
  let etcd: EtcdTestCluster | undefined;
  let env: Record<string, string>;
  let description: string;
  if (backend === 'sqlite') {
    // A file, not :memory:, so SQLite pays for its WAL writes as etcd pays for its fsyncs.
    env = { BENCH_BACKEND: 'sqlite', BENCH_SQLITE_PATH: join(dir, 'state.db') };
    description = `SQLite file in ${tmpdir()} (WAL, synchronous=NORMAL)`;
  } else {
    etcd = await startEtcdCluster({ members: 3 });
    env = { BENCH_BACKEND: 'etcd', BENCH_ETCD_ENDPOINTS: etcd.endpoints.join(',') };
    description = `etcd ${etcd.endpoints.length} members on loopback (/usr/bin/etcd, data in ${tmpdir()})`;
  }
  let server: ServerProcess;
  try {
    server = await startServer(env);
  } catch (err) {
    await etcd?.stop();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    backend,
    description,
    dataDir: dir,
    get baseUrl() {
      return `http://127.0.0.1:${server.port}`;
    },
    serverCpuMs: () => askCpu(server.child),
    async restartIfDead() {
      const death = server.death();
      if (death === undefined) return undefined;
      server = await startServer(env);
      return death;
    },
    async stop() {
      await stopServer(server.child);
      await etcd?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
