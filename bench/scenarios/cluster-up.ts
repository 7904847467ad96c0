/**
 * Time from `kubelab up` to every node Ready, measured in-process (startEmbeddedCluster, which is
 * what the background process runs; the CLI adds Node + tsx start-up on top). "cold" is a
 * first-ever start (fresh data dir: PKI generated); "warm" reuses the data dir's PKI, like every
 * later `up`. Target: < 3 s.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startEmbeddedCluster } from '../../src-cluster/cmd/cluster';
import { summarize, type LatencySummary } from '../lib/stats';

export interface ClusterUpResult {
  topology: string;
  coldMs: number;
  warmMs: LatencySummary;
}

export async function clusterUp(
  masters: 1 | 3,
  workers: number,
  runs = 3,
): Promise<ClusterUpResult> {
  const root = mkdtempSync(join(tmpdir(), 'kubelab-bench-up-'));
  try {
    const time = async (dataDir: string) => {
      const t0 = performance.now();
      const c = await startEmbeddedCluster({ masters, workers, dataDir });
      const ms = performance.now() - t0;
      await c.stop();
      return ms;
    };
    const coldMs = await time(join(root, 'cold'));
    const warm: number[] = [];
    for (let i = 0; i < runs; i++) {
      const d = join(root, `warm-${i}`);
      cpSync(join(root, 'cold', 'pki'), join(d, 'pki'), { recursive: true });
      warm.push(await time(d));
    }
    return { topology: `${masters}+${workers}`, coldMs, warmMs: summarize(warm) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
