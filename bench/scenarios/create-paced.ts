/**
 * Create latency at a steady, moderate load: ConfigMap creates fired open-loop at a fixed rate
 * (200/s by default), so a slow reply never delays the next request and the tail shows up in p99.
 */
import { performance } from 'node:perf_hooks';
import { config } from '../config';
import type { BenchClient } from '../lib/http';
import { configMap, ensureNamespace, nsPath } from '../lib/objects';
import { paced } from '../lib/pace';
import { summarize, type LatencySummary } from '../lib/stats';

export interface PacedResult {
  targetRate: number;
  achievedRate: number;
  ok: number;
  errors: number;
  firstError?: string;
  /** How late the load generator fired its most delayed request, ms (should be small). */
  maxDriverLagMs: number;
  latencyMs: LatencySummary;
}

export async function createPaced(
  client: BenchClient,
  prefix: string,
  { ratePerSec, durationMs } = config.paced,
): Promise<PacedResult> {
  const ns = `bench-paced-${prefix}`;
  await ensureNamespace(client, ns);
  const path = nsPath(ns, 'configmaps');
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  let lastEnd = start;
  const pace = await paced(ratePerSec, durationMs, async (i) => {
    const r = await client.request('POST', path, configMap(`cm-${i}`));
    lastEnd = Math.max(lastEnd, r.end);
    if (r.status === 201) latencies.push(r.end - r.start);
    else {
      errors++;
      firstError ??= `HTTP ${r.status}: ${r.body.slice(0, 300)}`;
    }
  });
  return {
    targetRate: ratePerSec,
    achievedRate: latencies.length / ((lastEnd - start) / 1000),
    ok: latencies.length,
    errors,
    ...(firstError ? { firstError } : {}),
    maxDriverLagMs: pace.maxLagMs,
    latencyMs: summarize(latencies),
  };
}
