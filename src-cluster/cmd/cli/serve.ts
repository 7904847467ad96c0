/**
 * The cluster process itself (`kubelab up --foreground`, and what `kubelab up` starts in the
 * background): starts the embedded cluster, publishes its pid and control endpoint in the data
 * dir, prints progress as it goes, and on SIGINT/SIGTERM or a control-endpoint shutdown reverts
 * every recorded fault, stops every component and removes its pid and control files — so `down`
 * never leaves anything running and the next `up` finds a clean directory.
 */
import { startEmbeddedCluster, type EmbeddedCluster } from '../cluster/embedded-cluster';
import { recoverAfterCrash } from '../../node/recover';
import { ClusterDir } from './cluster-dir';
import { ControlServer } from './control-server';

export interface ServeOptions {
  dir: ClusterDir;
  masters: 1 | 3;
  workers: number;
  /** Also make this machine a node (--host-node). */
  hostNode?: boolean;
  log: (line: string) => void;
}

export async function serveCluster(opts: ServeOptions): Promise<number> {
  const { dir, log } = opts;
  let cluster: EmbeddedCluster | undefined;
  let stopping: Promise<void> | undefined;
  let release: () => void = () => {};
  const stopped = new Promise<void>((r) => (release = r));
  const control = new ControlServer(
    () => cluster,
    () => void shutdown('shutdown requested'),
  );
  const shutdown = (why: string) => {
    stopping ??= (async () => {
      log(`stopping (${why})`);
      if (cluster) {
        const reverted = await cluster.faults.revertAll().catch(() => []);
        for (const e of reverted) log(`reverted fault ${e.id} ${e.kind} ${e.target}: ${e.state}`);
        await cluster.stop();
      }
      await control.close();
      dir.clearRun();
      log('stopped');
      release();
    })();
    return stopping;
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  const url = await control.listen();
  dir.writePid(process.pid);
  dir.writeControl({ pid: process.pid, url, token: control.token, state: 'starting' });
  const began = Date.now();
  try {
    // A previous run that crashed may have left its host node's containerd, pods and rules.
    const recovered = await recoverAfterCrash(dir.dir);
    if (recovered.found) {
      log(`cleaned up the host node a crashed run left behind`);
      for (const p of recovered.problems) log(`  not cleaned: ${p}`);
    }
    cluster = await startEmbeddedCluster({
      masters: opts.masters,
      workers: opts.workers,
      hostNode: opts.hostNode,
      dataDir: dir.dir,
      onProgress: (step) => log(`... ${step}`),
    });
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    log(`failed: ${error}`);
    dir.writeControl({ pid: process.pid, url, token: control.token, state: 'failed', error });
    await shutdown('start-up failed');
    return 1;
  }
  if (stopping) {
    // Told to stop while starting: the shutdown ran without a cluster to stop; stop it now.
    await stopped;
    await cluster.stop();
    return 0;
  }
  dir.writeControl({
    pid: process.pid,
    url,
    token: control.token,
    state: 'ready',
    kubeconfig: cluster.kubeconfigPath,
    server: cluster.server,
    nodes: cluster.nodes,
  });
  log(
    `ready: ${cluster.nodes.length} nodes Ready in ${((Date.now() - began) / 1000).toFixed(1)} s`,
  );
  await stopped;
  return 0;
}
