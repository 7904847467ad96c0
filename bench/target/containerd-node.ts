/**
 * One real node for the containerd benchmark: a private containerd with CNI and the local images
 * (test/support/containerd.ts, as the containerd integration tests use), the bench's API server
 * process on a SQLite file (launch.ts, as every API bench), and a kubelet in this process with a
 * ContainerdRuntime on that socket (src-cluster/cmd/kubelet.ts). stop() undoes everything it
 * started, in reverse order — containerd's stop removes any pod left through CRI first — and is
 * registered as an interrupt teardown while the node exists; should this process die without
 * running it, the bench's watchdog (lib/reaper.ts) removes the pods and stops containerd. A start that fails half way stops
 * what it had started before throwing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient, HttpTransport } from '../../src-cluster/client';
import { startKubelet } from '../../src-cluster/cmd/kubelet';
import { ContainerdRuntime } from '../../src-cluster/kubelet/cri/containerd/containerd-runtime';
import { startContainerd } from '../../test/support/containerd';
import { onInterrupt } from '../lib/cleanup';
import { leaveBehind } from '../lib/reaper';
import { launchTarget } from './launch';

export interface ContainerdNode {
  nodeName: string;
  /** A client for the load generator (its own connection pool, not the kubelet's). */
  client: ApiClient;
  /** A CRI client on the node's containerd, to check what the runtime holds. */
  runtime: ContainerdRuntime;
  description: string;
  /** The kubelet's last complaints (failed syncs, status writes), to explain a stuck pod. */
  kubeletLog(): string[];
  stop(): Promise<void>;
}

export async function startContainerdNode(podCIDR: string): Promise<ContainerdNode> {
  const undo: (() => Promise<void> | void)[] = [];
  // One teardown however many callers (Ctrl-C's handler and the scenario's finally): a second
  // caller waits for the first one's to finish instead of returning while pods still run.
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      let first: unknown;
      for (const fn of undo.splice(0).reverse()) {
        try {
          await fn();
        } catch (err) {
          first ??= err;
        }
      }
      if (first) throw first;
    })());
  const unregister = onInterrupt(stop);
  try {
    // First, so it is removed last: containerd writes container logs into it until its pods are gone.
    const dir = mkdtempSync(join(tmpdir(), 'kubelab-bench-node-'));
    const reapDir = leaveBehind({ kind: 'dir', path: dir });
    undo.push(() => {
      rmSync(dir, { recursive: true, force: true });
      reapDir();
    });
    const ctrd = await startContainerd({ podCIDR });
    const { dir: ctrdDir, socket, bridge } = ctrd;
    const reapCtrd = leaveBehind({ kind: 'containerd', dir: ctrdDir, socket, bridge });
    undo.push(async () => {
      await ctrd.stop();
      reapCtrd();
    });
    const target = await launchTarget('sqlite');
    const reapTarget = leaveBehind({ kind: 'dir', path: target.dataDir });
    undo.push(async () => {
      await target.stop();
      reapTarget();
    });

    const kubeletTransport = new HttpTransport({ server: target.baseUrl });
    undo.push(() => kubeletTransport.close());
    const logged: string[] = [];
    const log = (msg: string, err?: unknown) => {
      const why = err instanceof Error ? err.message : err === undefined ? '' : String(err);
      logged.push(why ? `${msg}: ${why}` : msg);
      if (logged.length > 20) logged.shift();
    };
    const runtime = new ContainerdRuntime(ctrd.socket);
    undo.push(() => runtime.close());
    const kubelet = await startKubelet({
      client: new ApiClient({ transport: kubeletTransport, component: 'kubelet' }),
      nodeName: 'bench-node',
      runtime,
      podCIDR,
      flags: { podLogsDir: join(dir, 'pods-logs'), rootDir: join(dir, 'kubelet') },
      log,
    });
    undo.push(() => kubelet.stop());

    const transport = new HttpTransport({ server: target.baseUrl });
    undo.push(() => transport.close());
    return {
      nodeName: 'bench-node',
      client: new ApiClient({ transport, component: 'bench' }),
      runtime: ctrd.runtime,
      description:
        `containerd ${ctrd.socket} (private, CNI bridge ${podCIDR}), images imported locally; ` +
        `kubelet in this process; API server process on ${target.description}`,
      kubeletLog: () => [...logged],
      async stop() {
        unregister();
        await stop();
      },
    };
  } catch (err) {
    unregister();
    await stop().catch(() => undefined);
    throw err;
  }
}
