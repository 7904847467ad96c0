/**
 * The API server under test, in its own process. Running it apart from the load generator keeps
 * the client's work (JSON encoding, 100 watch parsers, timers) off the server's event loop, which
 * is how it runs for real (kubectl and controllers are other processes).
 *
 * Configured by environment (see launch.ts); reports its port over the fork IPC channel and answers
 * 'cpu' messages with its CPU time so far. Exits when the parent disconnects or asks it to stop.
 */
import { ApiServer } from '../../src-cluster/apiserver/server';
import type { Store } from '../../src-cluster/store/store';
import { SqliteStore } from '../../src-cluster/store/sqlite/sqlite-store';
import { EtcdStore } from '../../src-cluster/store/etcd/etcd-store';

export type ParentMessage = { type: 'cpu' } | { type: 'stop' };
export type ChildMessage =
  | { type: 'ready'; port: number }
  | { type: 'cpu'; userMs: number; systemMs: number }
  | { type: 'failed'; error: string };

async function openStore(): Promise<Store> {
  const backend = process.env.BENCH_BACKEND;
  if (backend === 'sqlite') return SqliteStore.open(process.env.BENCH_SQLITE_PATH!);
  if (backend === 'etcd') {
    return EtcdStore.connect(process.env.BENCH_ETCD_ENDPOINTS!.split(','));
  }
  throw new Error(`unknown BENCH_BACKEND ${String(backend)}`);
}

const send = (m: ChildMessage) => process.send?.(m);

async function main(): Promise<void> {
  const store = await openStore();
  // A long bookmark interval: bookmarks would only add noise to the watch measurements.
  const server = new ApiServer({ store, bookmarkIntervalMs: 3_600_000 });
  await server.bootstrap();
  const { insecurePort } = await server.listen({ insecurePort: 0 });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await store.close();
    process.exit(0);
  };
  process.on('message', (m: ParentMessage) => {
    if (m.type === 'stop') void stop();
    if (m.type === 'cpu') {
      const u = process.cpuUsage();
      send({ type: 'cpu', userMs: u.user / 1000, systemMs: u.system / 1000 });
    }
  });
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
  // Ctrl-C reaches the whole process group; the parent decides when this server stops (after the
  // in-flight scenario is abandoned), so the interrupt is left to it.
  process.on('SIGINT', () => undefined);
  send({ type: 'ready', port: insecurePort! });
}

main().catch((err: unknown) => {
  send({ type: 'failed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
});
