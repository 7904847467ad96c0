/**
 * Maximum create throughput: N clients each send a ConfigMap create, wait for the reply, send the
 * next (a closed loop), for a fixed time. Throughput is completed creates per second; latency is
 * per request as the client saw it, queueing in the server included.
 */
import { config } from '../config';
import type { BenchClient } from '../lib/http';
import { configMap, ensureNamespace, nsPath } from '../lib/objects';
import { summarize, type LatencySummary } from '../lib/stats';
import { performance } from 'node:perf_hooks';

export interface ThroughputResult {
  concurrency: number;
  ok: number;
  errors: number;
  firstError?: string;
  opsPerSec: number;
  latencyMs: LatencySummary;
}

export async function createThroughput(
  client: BenchClient,
  prefix: string,
  { concurrency, durationMs } = config.throughput,
): Promise<ThroughputResult> {
  const ns = `bench-tp-${prefix}`;
  await ensureNamespace(client, ns);
  const path = nsPath(ns, 'configmaps');
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const deadline = start + durationMs;
  const worker = async (w: number) => {
    for (let i = 0; performance.now() < deadline; i++) {
      const r = await client.request('POST', path, configMap(`cm-${w}-${i}`));
      if (r.status === 201) latencies.push(r.end - r.start);
      else {
        errors++;
        firstError ??= `HTTP ${r.status}: ${r.body.slice(0, 300)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const elapsed = performance.now() - start;
  return {
    concurrency,
    ok: latencies.length,
    errors,
    ...(firstError ? { firstError } : {}),
    opsPerSec: latencies.length / (elapsed / 1000),
    latencyMs: summarize(latencies),
  };
}
