/**
 * `npm run bench`: for each backend (SQLite, then a 3-member etcd), start an API server process on
 * it, run the scenarios in order, stop everything; then print one table and write
 * bench/results/latest.json. A scenario that fails is reported with its exact error and the run
 * goes on. Figures are from one run: medians and percentiles, no assertions.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { config } from './config';
import { BenchClient } from './lib/http';
import { configMap, ensureNamespace, nsPath } from './lib/objects';
import { renderReport, type BackendResult } from './report';
import { createPaced } from './scenarios/create-paced';
import { createThroughput } from './scenarios/create-throughput';
import { listPods } from './scenarios/list-pods';
import { watchFanout } from './scenarios/watch-fanout';
import { launchTarget, type Backend, type Target } from './target/launch';

let current: Target | undefined;

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

async function warmUp(client: BenchClient): Promise<void> {
  await ensureNamespace(client, 'bench-warmup');
  const path = nsPath('bench-warmup', 'configmaps');
  await Promise.all(
    Array.from({ length: 8 }, async (_, w) => {
      for (let i = w; i < config.warmupCreates; i += 8) {
        await client.expect('POST', path, configMap(`warm-${i}`), [201]);
      }
    }),
  );
}

async function step<T>(
  result: BackendResult,
  name: string,
  fn: () => Promise<T>,
): Promise<T | undefined> {
  log(`${result.backend}: ${name}`);
  try {
    return await fn();
  } catch (err) {
    result.failures[name] = err instanceof Error ? err.message : String(err);
    log(`${result.backend}: ${name} FAILED: ${result.failures[name]}`);
    return undefined;
  }
}

async function benchBackend(backend: Backend): Promise<BackendResult> {
  log(`${backend}: starting`);
  const target = await launchTarget(backend);
  current = target;
  const result: BackendResult = { backend, description: target.description, failures: {} };
  const client = new BenchClient(target.baseUrl);
  try {
    await step(result, 'warm-up', () => warmUp(client));
    // Without a working create path every scenario would fail the same way: report it once.
    if (result.failures['warm-up']) return result;
    const cpuBefore = await target.serverCpuMs();
    const tp = await step(result, 'create throughput', () => createThroughput(client, backend));
    if (tp) {
      const cpu = (await target.serverCpuMs()) - cpuBefore;
      result.throughput = { ...tp, serverCpuMsPerCreate: cpu / Math.max(1, tp.ok + tp.errors) };
    }
    const paced = await step(result, 'paced creates', () => createPaced(client, backend));
    if (paced) result.paced = paced;
    const watch = await step(result, 'watch fan-out', () =>
      watchFanout(client, target.baseUrl, backend),
    );
    if (watch) result.watch = watch;
    const list = await step(result, 'big list', () => listPods(client, backend));
    if (list) result.list = list;
    return result;
  } finally {
    client.close();
    log(`${backend}: stopping`);
    await target.stop();
    current = undefined;
  }
}

async function main(): Promise<void> {
  const started = new Date();
  const results: BackendResult[] = [];
  for (const backend of config.backends) {
    try {
      results.push(await benchBackend(backend));
    } catch (err) {
      // The target itself did not start (e.g. etcd missing): say so in the table's footer.
      results.push({
        backend,
        description: 'did not start',
        failures: { start: err instanceof Error ? err.message : String(err) },
      });
    }
  }
  const cpu = cpus();
  const header =
    `kubelab API benchmarks — ${started.toISOString()}, Node ${process.version}, ` +
    `${cpu.length} x ${cpu[0]?.model.trim() ?? 'CPU'}${config.quick ? ' (BENCH_QUICK: smoke run)' : ''}`;
  process.stdout.write(`\n${header}\n\n${renderReport(results)}\n`);

  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = `${dir}latest.json`;
  writeFileSync(file, JSON.stringify({ started, header, config, results }, null, 2) + '\n');
  process.stdout.write(`\nwritten: ${file}\n`);
}

// Ctrl-C: stop the server and etcd members before leaving, so nothing is left running.
process.once('SIGINT', () => {
  log('interrupted, cleaning up');
  void (current?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
});

main().then(
  // Explicit exit: a stray keep-alive socket or timer must not keep `npm run bench` hanging.
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    void (current?.stop() ?? Promise.resolve()).finally(() => process.exit(1));
  },
);
