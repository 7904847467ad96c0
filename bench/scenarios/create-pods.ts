/**
 * Fills one namespace with N pods (10,000 by default) written through the API by concurrent
 * clients — the way a real cluster gets them, and the write rate is itself a data point (Pods
 * are bigger and go through more defaulting and validation than ConfigMaps).
 */
import { performance } from 'node:perf_hooks';
import { config } from '../config';
import type { BenchClient } from '../lib/http';
import { ensureNamespace, nsPath, pod } from '../lib/objects';
import { summarize, type LatencySummary } from '../lib/stats';

export interface CreatePodsResult {
  pods: number;
  create: { ok: number; errors: number; firstError?: string; perSec: number; seconds: number };
  createLatencyMs: LatencySummary;
}

export const listNamespace = (prefix: string) => `bench-list-${prefix}`;

export async function createPods(
  client: BenchClient,
  prefix: string,
  { pods: n, createConcurrency: concurrency } = config.list,
): Promise<CreatePodsResult> {
  const ns = listNamespace(prefix);
  await ensureNamespace(client, ns);
  const path = nsPath(ns, 'pods');
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const r = await client.request('POST', path, pod(`pod-${String(i).padStart(5, '0')}`));
      if (r.status === 201) latencies.push(r.end - r.start);
      else {
        errors++;
        firstError ??= `HTTP ${r.status}: ${r.body.slice(0, 300)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  return {
    pods: n,
    create: {
      ok: latencies.length,
      errors,
      ...(firstError ? { firstError } : {}),
      perSec: latencies.length / seconds,
      seconds,
    },
    createLatencyMs: summarize(latencies),
  };
}
