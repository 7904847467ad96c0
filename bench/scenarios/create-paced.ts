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
  /** Replies slower than 50 ms, and how many separate stalls they form (starts > 100 ms apart). */
  slow: { over50ms: number; stalls: number };
}

/**
 * At 200/s one 150 ms pause (GC, an fsync at a WAL checkpoint, a starved CPU) delays ~30 requests
 * — more than 1% of 2000 — so p99 alone cannot tell one hiccup from a slow server; this can.
 */
function stalls(samples: { start: number; ms: number }[]): { over50ms: number; stalls: number } {
  const slow = samples.filter((s) => s.ms > 50).sort((a, b) => a.start - b.start);
  let count = 0;
  let last = -Infinity;
  for (const s of slow) {
    if (s.start - last > 100) count++;
    last = s.start;
  }
  return { over50ms: slow.length, stalls: count };
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
  const samples: { start: number; ms: number }[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  let lastEnd = start;
  const pace = await paced(ratePerSec, durationMs, async (i) => {
    const r = await client.request('POST', path, configMap(`cm-${i}`));
    lastEnd = Math.max(lastEnd, r.end);
    if (r.status === 201) {
      latencies.push(r.end - r.start);
      samples.push({ start: r.start, ms: r.end - r.start });
    } else {
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
    slow: stalls(samples),
  };
}
