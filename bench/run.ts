/**
 * `npm run bench`: for each backend (SQLite, then a 3-member etcd), start an API server process on
 * it, run the scenarios in order, stop everything; then print one table and write
 * bench/results/latest.json. The no-VM cluster and the node data-path scenarios (real containerd,
 * real iptables) run in this process afterwards and print their own tables. A scenario that fails
 * is reported with its exact error and the run goes on. Figures are from one run: medians and percentiles, no assertions.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { config } from './config';
import { BenchClient } from './lib/http';
import { configMap, ensureNamespace, nsPath } from './lib/objects';
import { renderReport, type BackendResult } from './report';
import { createPaced } from './scenarios/create-paced';
import { createThroughput } from './scenarios/create-throughput';
import { createPods } from './scenarios/create-pods';
import { renderSchedulerRuns, schedulerThroughput } from './scenarios/scheduler-throughput';
import { fullList, pagedList } from './scenarios/list-pods';
import { watchFanout } from './scenarios/watch-fanout';
import { launchTarget, type Backend, type Target } from './target/launch';
import { renderClusterReport, runClusterBench } from './scenarios/cluster-bench';
import { NODE_SCENARIOS, renderNodeReport, runNodeBench } from './scenarios/node-bench';
import { runInterruptCleanups } from './lib/cleanup';

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

/**
 * Runs one scenario with a fresh client. A failure is recorded with its exact message; if the API
 * server process died meanwhile, its last words are added and a new one is started on the same
 * data, so the next scenario still runs.
 */
async function step<T>(
  result: BackendResult,
  target: Target,
  name: string,
  fn: (client: BenchClient, baseUrl: string) => Promise<T>,
): Promise<T | undefined> {
  // Let the previous scenario's aftermath (WAL checkpoint, GC, closing 100 watches) pass first,
  // so it is not billed to this one.
  await sleep(config.settleMs);
  log(`${result.backend}: ${name}`);
  // A server that died between scenarios (e.g. while closing the last one's watches).
  const earlier = await target.restartIfDead();
  if (earlier) result.failures[`before ${name}`] = earlier;
  const client = new BenchClient(target.baseUrl);
  try {
    return await fn(client, target.baseUrl);
  } catch (err) {
    let message = err instanceof Error ? err.message : String(err);
    // The exit event can trail the connection reset that made the scenario fail.
    await sleep(300);
    const death = await target.restartIfDead();
    if (death) message += `\n    ${death.replaceAll('\n', '\n    ')}`;
    result.failures[name] = message;
    log(`${result.backend}: ${name} FAILED: ${message}`);
    return undefined;
  } finally {
    client.close();
  }
}

async function benchBackend(backend: Backend): Promise<BackendResult> {
  log(`${backend}: starting`);
  const target = await launchTarget(backend);
  current = target;
  const result: BackendResult = { backend, description: target.description, failures: {} };
  try {
    await step(result, target, 'warm-up', warmUp);
    // Without a working create path every scenario would fail the same way: report it once.
    if (result.failures['warm-up']) return result;
    const on = (scenario: string) => config.only.includes(scenario);
    const cpuBefore = await target.serverCpuMs();
    const tp =
      on('throughput') &&
      (await step(result, target, 'create throughput', (c) => createThroughput(c, backend)));
    if (tp) {
      const cpu = (await target.serverCpuMs()) - cpuBefore;
      result.throughput = { ...tp, serverCpuMsPerCreate: cpu / Math.max(1, tp.ok + tp.errors) };
    }
    const paced =
      on('paced') && (await step(result, target, 'paced creates', (c) => createPaced(c, backend)));
    if (paced) result.paced = paced;
    const watch =
      on('watch') &&
      (await step(result, target, 'watch fan-out', (c, url) => watchFanout(c, url, backend)));
    if (watch) result.watch = watch;
    const pods =
      on('list') && (await step(result, target, 'create pods', (c) => createPods(c, backend)));
    if (pods) result.pods = pods;
    if (pods) {
      const n = pods.create.ok;
      const full = await step(result, target, 'full list', (c) => fullList(c, backend, n));
      if (full) result.fullList = full;
      const paged = await step(result, target, 'paged list', (c) => pagedList(c, backend, n));
      if (paged) result.pagedList = paged;
    }
    // Not in the default set: BENCH_ONLY=scheduler. Figures go to the log and the JSON.
    const sched =
      on('scheduler') &&
      (await step(result, target, 'scheduler throughput', (c, url) => schedulerThroughput(c, url)));
    if (sched) {
      Object.assign(result, { scheduler: sched });
      log(renderSchedulerRuns(sched));
    }
    const death = await target.restartIfDead();
    if (death) result.failures['after the last scenario'] = death;
    return result;
  } finally {
    log(`${backend}: stopping`);
    await target.stop();
    current = undefined;
  }
}

async function main(): Promise<void> {
  const started = new Date();
  const results: BackendResult[] = [];
  // Scenarios that start their own components in this process, not an API server per backend.
  const inProcess: readonly string[] = ['cluster', ...NODE_SCENARIOS];
  const onlyInProcess = !!process.env.BENCH_ONLY && config.only.every((s) => inProcess.includes(s));
  for (const backend of onlyInProcess ? [] : config.backends) {
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
  // The no-VM cluster scenarios run in this process (BENCH_ONLY=cluster runs only them).
  const wantCluster = !process.env.BENCH_ONLY || config.only.includes('cluster');
  const cluster = wantCluster ? await runClusterBench(log) : undefined;
  // Real containerd and real iptables (BENCH_ONLY=containerd-startup,iptables-services).
  const wantNode = NODE_SCENARIOS.filter((s) => !process.env.BENCH_ONLY || config.only.includes(s));
  const node = wantNode.length ? await runNodeBench(wantNode, log) : undefined;
  if (!onlyInProcess) process.stdout.write(`\n${header}\n\n${renderReport(results)}\n`);
  else process.stdout.write(`\n${header}\n`);
  if (cluster) process.stdout.write(`\n${renderClusterReport(cluster)}\n`);
  if (node) process.stdout.write(`\n${renderNodeReport(node)}\n`);

  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = `${dir}latest.json`;
  writeFileSync(
    file,
    JSON.stringify({ started, header, config, results, cluster, node }, null, 2) + '\n',
  );
  process.stdout.write(`\nwritten: ${file}\n`);
}

// Ctrl-C: stop the server and etcd members before leaving, so nothing is left running; the node
// scenarios' containerd (with its pods) and network namespace too.
// `on`, not `once`: a terminal's Ctrl-C reaches this process twice (directly, and relayed by the
// tsx wrapper), and a second SIGINT without a listener would kill it in the middle of the cleanup.
let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) return;
  interrupted = true;
  log('interrupted, cleaning up');
  void (current?.stop() ?? Promise.resolve())
    .then(runInterruptCleanups)
    .finally(() => process.exit(130));
});

main().then(
  // Explicit exit: a stray keep-alive socket or timer must not keep `npm run bench` hanging.
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    void (current?.stop() ?? Promise.resolve())
      .then(runInterruptCleanups)
      .finally(() => process.exit(1));
  },
);
