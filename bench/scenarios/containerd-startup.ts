/**
 * Pod startup latency on a real containerd (issue 5; Kubernetes' pod startup SLO is p99 ≤ 5 s,
 * kubelab's target here p99 < 2 s). One node (target/containerd-node.ts): pods are created bound to
 * it (spec.nodeName set, so no scheduler is involved) and each pod's latency is measured client-side
 * from the start of its create request to the first watch event showing it Running — API write,
 * kubelet sync, RunPodSandbox (netns + CNI bridge/IPAM), CreateContainer, StartContainer, status
 * write. The images are already imported into containerd, so no pull is part of it.
 *
 * Two waves on the same node: creates paced open-loop at a steady rate (a create is sent when due,
 * whether or not earlier ones have answered), then all at once as a burst. After each wave every
 * pod is deleted with one deletecollection and the teardown is timed: until the API has deleted
 * every pod (the kubelet stopped the containers and sent the final DELETE), then until containerd
 * holds no sandbox and no container for them.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pod } from 'kubernetes-types/core/v1';
import { RESOURCES } from '../../src-cluster/api/resources';
import { IMAGES } from '../../test/support/containerd';
import { config } from '../config';
import { summarize, type LatencySummary } from '../lib/stats';
import { startContainerdNode, type ContainerdNode } from '../target/containerd-node';

const PODS = RESOURCES.find((r) => r.resource === 'pods' && r.group === '')!;

export interface StartupWave {
  pods: number;
  /** Creates per second; undefined for the burst. */
  ratePerSec?: number;
  running: number;
  /** Create request start → first watch event with status.phase Running. */
  runningMs: LatencySummary;
  /** Create request start → first watch event with the Ready condition True. */
  readyMs: LatencySummary;
  createErrors: number;
  /** A pod that did not reach Running in time, with its phase and container state. */
  stuck?: string;
  teardown: {
    /** deletecollection sent → DELETED events for every pod. */
    apiMs: number;
    /** deletecollection sent → no sandbox and no container left in containerd. */
    runtimeMs: number;
    deleted: number;
    sandboxesLeft: number;
    containersLeft: number;
  };
}

export interface ContainerdStartupResult {
  description: string;
  paced: StartupWave;
  burst: StartupWave;
}

function benchPod(name: string, label: string, nodeName: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { bench: label } },
    spec: {
      nodeName,
      terminationGracePeriodSeconds: 5,
      containers: [
        {
          name: 'sleep',
          image: IMAGES.shell,
          // sh as PID 1 ignores SIGTERM unless it traps it: without the trap every delete would
          // wait out the grace period and the teardown would measure only that.
          command: ['sh', '-c', 'trap "exit 0" TERM; sleep 3600 & wait'],
          resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } },
        },
      ],
    },
  };
}

function describeStuck(p: Pod | undefined): string | undefined {
  if (!p) return undefined;
  const c = p.status?.containerStatuses?.[0]?.state;
  const state = c?.waiting
    ? `waiting ${c.waiting.reason ?? ''} ${c.waiting.message ?? ''}`
    : c?.terminated
      ? `terminated ${c.terminated.reason ?? ''} (exit ${c.terminated.exitCode})`
      : c?.running
        ? 'running'
        : 'no container status';
  return `${p.metadata?.name}: phase ${p.status?.phase ?? '-'}, ${state.trim()}`;
}

async function runWave(
  node: ContainerdNode,
  label: string,
  n: number,
  ratePerSec: number | undefined,
  timeoutMs: number,
): Promise<StartupWave> {
  const api = node.client.resource<Pod>(PODS).namespace('default');
  const started = new Map<string, number>();
  const running = new Map<string, number>();
  const ready = new Map<string, number>();
  const last = new Map<string, Pod>();
  const deletedAt = new Map<string, number>();
  let wake = () => {};
  const watch = await api.watch({ labelSelector: `bench=${label}` });
  const watching = (async () => {
    for await (const ev of watch) {
      if (ev.type === 'ERROR' || ev.type === 'BOOKMARK') continue;
      const now = performance.now();
      const pod = ev.object;
      const name = pod.metadata?.name ?? '';
      const t = started.get(name);
      if (t === undefined) continue;
      last.set(name, pod);
      if (ev.type === 'DELETED') deletedAt.set(name, now);
      if (pod.status?.phase === 'Running' && !running.has(name)) running.set(name, now - t);
      const isReady = pod.status?.conditions?.some(
        (c) => c.type === 'Ready' && c.status === 'True',
      );
      if (isReady && !ready.has(name)) ready.set(name, now - t);
      wake();
    }
  })();
  // Handled here at once: a watch that breaks (the server went away, e.g. on Ctrl-C) must end the
  // wave with its error, not crash the process as an unhandled rejection before the teardown.
  let watchError: unknown;
  const watchEnded = watching.then(
    () => {
      watchError ??= 'the server ended the stream';
      wake();
    },
    (err: unknown) => {
      watchError = err;
      wake();
    },
  );
  const until = async (done: () => boolean, deadline: number) => {
    while (!done() && performance.now() < deadline) {
      if (watchError) throw new Error(`pod watch failed: ${String(watchError)}`);
      await Promise.race([new Promise<void>((r) => (wake = r)), sleep(100)]);
    }
  };

  try {
    let createErrors = 0;
    let firstCreateError: unknown;
    const create = async (i: number) => {
      const name = `${label}-${String(i).padStart(2, '0')}`;
      started.set(name, performance.now());
      try {
        await api.create(benchPod(name, label, node.nodeName));
      } catch (err) {
        createErrors++;
        firstCreateError ??= err;
        started.delete(name);
      }
    };
    const creates: Promise<void>[] = [];
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      if (ratePerSec) {
        const due = t0 + (i * 1000) / ratePerSec;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
      }
      creates.push(create(i));
    }
    await Promise.all(creates);
    if (createErrors === n) throw firstCreateError;
    await until(() => running.size >= started.size, performance.now() + timeoutMs);
    const stuckName = [...started.keys()].find((name) => !running.has(name));
    const kubeletSaid = node.kubeletLog().slice(-3).join('; ') || 'nothing';
    const stuck = stuckName
      ? `${describeStuck(last.get(stuckName)) ?? stuckName}; the kubelet's last messages: ${kubeletSaid}`
      : undefined;

    // Teardown: one deletecollection, as `kubectl delete pods -l bench=<label>` sends.
    const td = performance.now();
    await api.deleteCollection({ labelSelector: `bench=${label}` });
    await until(() => deletedAt.size >= started.size, td + timeoutMs);
    const apiMs = Math.max(0, ...deletedAt.values()) - td;
    let sandboxesLeft = 0;
    let containersLeft = 0;
    const runtimeDeadline = td + timeoutMs;
    for (;;) {
      sandboxesLeft = (await node.runtime.listPodSandbox({})).items.length;
      containersLeft = (await node.runtime.listContainers({})).containers.length;
      if ((sandboxesLeft === 0 && containersLeft === 0) || performance.now() > runtimeDeadline)
        break;
      await sleep(50);
    }
    const runtimeMs = performance.now() - td;
    return {
      pods: n,
      ...(ratePerSec ? { ratePerSec } : {}),
      running: running.size,
      runningMs: summarize([...running.values()]),
      readyMs: summarize([...ready.values()]),
      createErrors,
      ...(stuck ? { stuck } : {}),
      teardown: {
        apiMs,
        runtimeMs,
        deleted: deletedAt.size,
        sandboxesLeft,
        containersLeft,
      },
    };
  } finally {
    watch.close();
    await watchEnded;
  }
}

export async function containerdStartup(
  log: (m: string) => void,
): Promise<ContainerdStartupResult> {
  const { pods, ratePerSec, podCIDR, timeoutMs } = config.containerd;
  log('containerd: starting containerd, API server and kubelet');
  const node = await startContainerdNode(podCIDR);
  try {
    log(`containerd: ${pods} pods at ${ratePerSec}/s`);
    const paced = await runWave(node, 'paced', pods, ratePerSec, timeoutMs);
    log(`containerd: ${pods} pods as one burst`);
    const burst = await runWave(node, 'burst', pods, undefined, timeoutMs);
    return { description: node.description, paced, burst };
  } finally {
    log('containerd: stopping');
    await node.stop();
  }
}
