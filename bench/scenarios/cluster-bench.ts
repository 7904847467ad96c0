/**
 * The no-VM cluster benchmarks (`npm run bench`, or BENCH_ONLY=cluster): cluster start-up time and
 * pod startup latency, in this process. Prints its own table; reports, never asserts.
 */
import { clusterPodStartup, type PodStartupResult } from './cluster-pod-startup';
import { clusterUp, type ClusterUpResult } from './cluster-up';
import { config } from '../config';

export interface ClusterBenchResult {
  up: ClusterUpResult[];
  podStartup?: PodStartupResult;
  failures: Record<string, string>;
}

const ms = (v: number) => `${v.toFixed(0)} ms`;

export async function runClusterBench(log: (m: string) => void): Promise<ClusterBenchResult> {
  const out: ClusterBenchResult = { up: [], failures: {} };
  const attempt = async <T>(name: string, fn: () => Promise<T>): Promise<T | undefined> => {
    log(`cluster: ${name}`);
    try {
      return await fn();
    } catch (err) {
      out.failures[name] = err instanceof Error ? err.message : String(err);
      return undefined;
    }
  };
  for (const [m, w] of [
    [1, 4],
    [3, 2],
  ] as const) {
    const r = await attempt(`up ${m}+${w}`, () => clusterUp(m, w, config.quick ? 1 : 3));
    if (r) out.up.push(r);
  }
  const pods = await attempt('pod startup', () => clusterPodStartup(config.quick ? 20 : 100));
  if (pods) out.podStartup = pods;
  return out;
}

export function renderClusterReport(r: ClusterBenchResult): string {
  const lines = ['No-VM cluster (in-process startEmbeddedCluster)'];
  for (const u of r.up) {
    lines.push(
      `  up → all nodes Ready, ${u.topology.padEnd(4)} cold ${ms(u.coldMs)}, warm p50 ${ms(u.warmMs.p50)} / max ${ms(u.warmMs.max)} (target < 3 s)`,
    );
  }
  const p = r.podStartup;
  if (p) {
    for (const [what, w] of [
      ['first image pull', p.firstPull],
      ['image cached', p.cached],
    ] as const) {
      lines.push(
        `  pod startup (create → Running), 1+4 nodes, ${what}, ${w.pods} pods at ${w.ratePerSec}/s: ` +
          `${w.running} Running, p50 ${ms(w.latencyMs.p50)}, p99 ${ms(w.latencyMs.p99)}, ` +
          `max ${ms(w.latencyMs.max)} (target p99 < 1 s)`,
      );
    }
  }
  for (const [k, v] of Object.entries(r.failures)) lines.push(`  ${k} FAILED: ${v}`);
  return lines.join('\n');
}
