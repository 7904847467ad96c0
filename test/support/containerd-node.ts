/**
 * One real node for the kubelet-on-containerd tests: a private containerd (./containerd.ts) with
 * the test's own pod CIDR, a test API server (./apiserver.ts), a kubelet-side ApiClient, a
 * ContainerdRuntime on the socket and startKubelet() with its pod logs and root dir in a temp dir.
 * What the tests do differently comes in as options: extra kubelet flags, static pod manifests,
 * the runtime's options, serving logs/exec through the runtime. The kubelet handle is returned as
 * is, so a test can still kill() and restart() it.
 *
 * stop() undoes everything in reverse order (kubelet, CRI client, containerd — which removes any
 * pod left — API server, temp dir); a start that fails half way stops what it had started.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient, HttpTransport } from '../../src-cluster/client';
import { startKubelet, type RunningKubelet } from '../../src-cluster/cmd/kubelet';
import {
  ContainerdRuntime,
  type ContainerdRuntimeOptions,
} from '../../src-cluster/kubelet/cri/containerd/containerd-runtime';
import type { KubeletFlags } from '../../src-cluster/kubelet/flags';
import { startTestApiServer, type TestApiServer } from './apiserver';
import { startContainerd, type TestContainerd } from './containerd';

export { until } from './until';

export interface ContainerdNodeOptions {
  /** The test's own pod CIDR (tests must not share one: each has its own CNI bridge). */
  podCIDR: string;
  /** Default worker-1. */
  nodeName?: string;
  /** Kubelet flags on top of the temp podLogsDir and rootDir (which a test may override). */
  flags?: Partial<KubeletFlags>;
  /** Static pod manifests (file name → YAML) written to dirs.manifests, the --pod-manifest-path. */
  staticPods?: Record<string, string>;
  runtime?: ContainerdRuntimeOptions;
  /** Serve logs/exec/attach through the ContainerdRuntime (kubectl logs/exec tests). */
  streaming?: boolean;
}

export interface ContainerdNode {
  ctrd: TestContainerd;
  api: TestApiServer;
  /** The kubelet's own client (component 'kubelet'). */
  client: ApiClient;
  runtime: ContainerdRuntime;
  kubelet: RunningKubelet;
  dirs: {
    /** The temp dir holding the others, removed by stop(). */
    root: string;
    /** --pod-logs-dir: <root>/logs */
    logs: string;
    /** --root-dir: <root>/kubelet (pod volumes under pods/<uid>/). */
    kubelet: string;
    /** --pod-manifest-path: <root>/manifests, when staticPods was given. */
    manifests?: string;
  };
  stop(): Promise<void>;
}

export async function startContainerdNode(opts: ContainerdNodeOptions): Promise<ContainerdNode> {
  const undo: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    let first: unknown;
    for (const fn of undo.splice(0).reverse()) {
      try {
        await fn();
      } catch (err) {
        first ??= err;
      }
    }
    if (first) throw first;
  };
  try {
    // First, so it is removed last: containerd writes container logs into it until its pods are gone.
    const root = mkdtempSync(join(tmpdir(), 'kubelab-node-'));
    undo.push(() => rmSync(root, { recursive: true, force: true }));
    const dirs: ContainerdNode['dirs'] = {
      root,
      logs: join(root, 'logs'),
      kubelet: join(root, 'kubelet'),
    };
    if (opts.staticPods) {
      dirs.manifests = join(root, 'manifests');
      mkdirSync(dirs.manifests);
      for (const [file, yaml] of Object.entries(opts.staticPods)) {
        writeFileSync(join(dirs.manifests, file), yaml);
      }
    }
    // The API server before containerd, so it is stopped after it (the kubelet is gone by then).
    const api = await startTestApiServer();
    undo.push(() => api.stop());
    const ctrd = await startContainerd({ podCIDR: opts.podCIDR });
    undo.push(() => ctrd.stop());
    const client = new ApiClient({
      transport: new HttpTransport({ server: api.httpUrl }),
      component: 'kubelet',
    });
    const runtime = new ContainerdRuntime(ctrd.socket, opts.runtime);
    undo.push(() => runtime.close());
    const kubelet = await startKubelet({
      client,
      nodeName: opts.nodeName ?? 'worker-1',
      runtime,
      ...(opts.streaming ? { streaming: runtime } : {}),
      podCIDR: opts.podCIDR,
      flags: {
        podLogsDir: dirs.logs,
        rootDir: dirs.kubelet,
        ...(dirs.manifests ? { staticPodPath: dirs.manifests } : {}),
        ...opts.flags,
      },
    });
    undo.push(() => kubelet.stop());
    return { ctrd, api, client, runtime, kubelet, dirs, stop };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}
