/**
 * Scheduler throughput, in the spirit of scheduler_perf's SchedulingBasic (k8s-internals §7.2):
 * N simulated Nodes and 5,000 plain pods (100m / 128Mi) written through the API, then a
 * kube-scheduler (this process, over HTTP like any component) started with leader election off.
 * pods/s = pods bound (binding answered 201) / seconds from the first cycle to the last binding.
 * Events and decision annotations are written too, as in a real run; a second 1,000-node run
 * without the annotation shows what it costs. Run it with
 * `BENCH_ONLY=scheduler BENCH_BACKENDS=sqlite npm run bench`.
 */
import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import { ApiClient, HttpTransport } from '../../src-cluster/client';
import { Scheduler } from '../../src-cluster/scheduler';
import type { BenchClient } from '../lib/http';
import { ensureNamespace, nsPath } from '../lib/objects';

export interface SchedulerRun {
  nodes: number;
  pods: number;
  decisions: boolean;
  bound: number;
  seconds: number;
  podsPerSec: number;
  /** Rate at which the test wrote the pending pods (not part of the measurement). */
  createPerSec: number;
  unschedulable: number;
  bindFailures: number;
}

const PODS = process.env.BENCH_QUICK === '1' ? 500 : 5000;
const RUNS: { nodes: number; decisions: boolean }[] = [
  { nodes: 100, decisions: true },
  { nodes: 1000, decisions: true },
  { nodes: 1000, decisions: false },
];

function simNode(name: string) {
  const status = {
    capacity: { cpu: '32', memory: '128Gi', pods: '110' },
    allocatable: { cpu: '32', memory: '128Gi', pods: '110' },
    conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubelab.dev/bench': 'sched' } },
    status,
  };
}

function pendingPod(name: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'sched-bench' } },
    spec: {
      containers: [
        {
          name: 'web',
          image: 'kubelab/web:1',
          resources: { requests: { cpu: '100m', memory: '128Mi' } },
        },
      ],
    },
  };
}

async function pool(n: number, concurrency: number, fn: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

async function oneRun(
  client: BenchClient,
  baseUrl: string,
  run: { nodes: number; decisions: boolean },
  idx: number,
): Promise<SchedulerRun> {
  const ns = `bench-sched-${idx}`;
  await ensureNamespace(client, ns);
  const nodeNames = Array.from({ length: run.nodes }, (_, i) => `sim-${idx}-${i}`);
  await pool(run.nodes, 16, async (i) => {
    const node = simNode(nodeNames[i]!);
    const created = (await client.expect('POST', '/api/v1/nodes', node, [201])) as {
      status?: { allocatable?: unknown };
    };
    if (!created.status?.allocatable) {
      await client.expect(
        'PUT',
        `/api/v1/nodes/${nodeNames[i]}/status`,
        { ...created, status: node.status },
        [200],
      );
    }
  });
  const t0 = performance.now();
  await pool(PODS, 16, async (i) => {
    await client.expect(
      'POST',
      nsPath(ns, 'pods'),
      pendingPod(`p-${String(i).padStart(5, '0')}`),
      [201],
    );
  });
  const createPerSec = PODS / ((performance.now() - t0) / 1000);

  const transport = new HttpTransport({ server: baseUrl });
  const api = new ApiClient({ transport, component: 'kube-scheduler' });
  const scheduler = new Scheduler({ client: api, recordDecisions: run.decisions });
  const ac = new AbortController();
  setMaxListeners(100, ac.signal);
  scheduler.startInformers(ac.signal);
  await scheduler.waitForCacheSync(ac.signal);
  // Other runs' pods stay in the cache, bound to their (deleted) nodes: only this run's count.
  const start = performance.now();
  const running = scheduler.run(ac.signal);
  const deadline = start + 300_000;
  while (scheduler.stats.scheduled < PODS && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const seconds = (performance.now() - start) / 1000;
  const stats = { ...scheduler.stats };
  ac.abort();
  await running;
  await scheduler.shutdown();
  transport.close();

  // Clean up so the next run sees only its own nodes.
  await client.expect('DELETE', nsPath(ns, 'pods'), undefined, [200]);
  await pool(run.nodes, 16, async (i) => {
    await client.expect('DELETE', `/api/v1/nodes/${nodeNames[i]}`, undefined, [200, 404]);
  });
  return {
    nodes: run.nodes,
    pods: PODS,
    decisions: run.decisions,
    bound: stats.scheduled,
    seconds,
    podsPerSec: stats.scheduled / seconds,
    createPerSec,
    unschedulable: stats.unschedulable,
    bindFailures: stats.bindFailures,
  };
}

export async function schedulerThroughput(
  client: BenchClient,
  baseUrl: string,
): Promise<SchedulerRun[]> {
  const out: SchedulerRun[] = [];
  for (const [i, run] of RUNS.entries()) out.push(await oneRun(client, baseUrl, run, i));
  return out;
}

/** The figures as a small table for the bench log. */
export function renderSchedulerRuns(runs: SchedulerRun[]): string {
  const lines = ['scheduler throughput (target ≥ 500 pods/s on 1,000 nodes)'];
  lines.push('  nodes   pods  annotation  bound  seconds  pods/s  (pod creates/s)');
  for (const r of runs) {
    lines.push(
      `  ${String(r.nodes).padStart(5)}  ${String(r.pods).padStart(5)}  ${(r.decisions ? 'on' : 'off').padStart(10)}` +
        `  ${String(r.bound).padStart(5)}  ${r.seconds.toFixed(1).padStart(7)}  ${r.podsPerSec.toFixed(0).padStart(6)}` +
        `  (${r.createPerSec.toFixed(0)})`,
    );
  }
  return lines.join('\n');
}
