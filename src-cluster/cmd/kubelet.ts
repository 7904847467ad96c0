/**
 * The kubelet's composition root: one kubelet per node talking to the API through the given
 * client. Without a runtime it builds a sim runtime (no-VM mode); the containerd CRI client plugs
 * into the same `runtime` option later (with a ProbeRunner over the real network).
 *
 * kill() is the "stop a kubelet" fault: the process dies at once (heartbeats and syncs stop,
 * containers keep running in the runtime). restart() starts a fresh kubelet on the same runtime and
 * streaming port, which rediscovers the containers.
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '../../src-shared/util/clock';
import { realClock } from '../../src-shared/util/clock';
import type { TraceSink } from '../../src-shared/trace';
import type { ApiClient } from '../client';
import type { ImageService } from '../kubelet/cri/image-service';
import type { RuntimeService } from '../kubelet/cri/runtime-service';
import { SimProbeRunner } from '../kubelet/cri/sim/sim-probes';
import { SimRuntime } from '../kubelet/cri/sim/sim-runtime';
import type { StreamingRuntime } from '../kubelet/cri/streaming';
import { tracedRuntime } from '../kubelet/cri/traced-runtime';
import { DEFAULT_KUBELET_FLAGS, type KubeletFlags } from '../kubelet/flags';
import { Kubelet } from '../kubelet/kubelet';
import { HostMachine } from '../kubelet/machine/host-machine';
import type { Machine } from '../kubelet/machine/machine';
import { RealProbeRunner } from '../kubelet/prober/real-runner';
import type { ProbeRunner } from '../kubelet/prober/types';

export interface StartKubeletOptions {
  client: ApiClient;
  nodeName: string;
  role?: 'master' | 'worker';
  /** Default: a new SimRuntime on the same clock. */
  runtime?: RuntimeService & ImageService;
  /** Logs/exec for a non-sim runtime (a SimRuntime provides its own). */
  streaming?: StreamingRuntime;
  /** Default: the sim's model for a SimRuntime, the network otherwise. */
  probeRunner?: ProbeRunner;
  clock?: Clock;
  trace?: TraceSink;
  podCIDR?: string;
  /** A sim node's capacity (default 2 CPUs, 2Gi, max-pods); a real runtime's node reports its machine's. */
  capacity?: { cpu: string; memory: string; pods?: number };
  /** Default: SimMachine for the sim runtime, HostMachine (the real machine) otherwise. */
  machine?: Machine;
  /** --port of the streaming server (0 = any free port). */
  streamingPort?: number;
  flags?: Partial<KubeletFlags>;
  log?: (msg: string, err?: unknown) => void;
}

export interface RunningKubelet {
  nodeName: string;
  runtime: SimRuntime | (RuntimeService & ImageService);
  /** The kubelet as currently running (a new instance after restart()). */
  readonly kubelet: Kubelet;
  /** The streaming server's port (daemonEndpoints.kubeletEndpoint.Port). */
  readonly streamingPort: number;
  /** Stops the kubelet and waits for in-flight work; a runtime we created is shut down too. */
  stop(): Promise<void>;
  /** The process dies now: heartbeats and syncs stop, containers keep running. */
  kill(): void;
  /** Starts again after kill()/stop() on the same runtime. */
  restart(): Promise<void>;
}

/**
 * The directory whose filesystem is nodefs: the kubelet's --root-dir as upstream (pod volumes
 * live there), else the pod logs dir; its nearest existing parent before the kubelet creates it.
 */
function machineRoot(flags: KubeletFlags): string {
  let dir = flags.rootDir || flags.podLogsDir;
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** Starts a kubelet; resolves once its Node is registered and its pod cache synced. */
export async function startKubelet(opts: StartKubeletOptions): Promise<RunningKubelet> {
  const clock = opts.clock ?? realClock;
  const owned = !opts.runtime;
  const runtime =
    opts.runtime ?? new SimRuntime({ clock, nodeName: opts.nodeName, podCIDR: opts.podCIDR });
  const sim = runtime instanceof SimRuntime ? runtime : undefined;
  const flags: KubeletFlags = {
    ...DEFAULT_KUBELET_FLAGS,
    // A sim node has no disk of its own: volumes are checked but not written (flags.ts rootDir).
    ...(sim ? { rootDir: '' } : {}),
    ...opts.flags,
    ...(opts.streamingPort !== undefined ? { port: opts.streamingPort } : {}),
  };
  const cri = opts.trace ? tracedRuntime(runtime, opts.trace, clock, opts.nodeName) : runtime;
  const make = (port: number) => {
    const k = new Kubelet({
      client: opts.client,
      nodeName: opts.nodeName,
      role: opts.role ?? 'worker',
      runtime: cri,
      streaming: opts.streaming ?? sim,
      probeRunner: opts.probeRunner ?? (sim ? new SimProbeRunner(sim) : new RealProbeRunner(cri)),
      clock,
      trace: opts.trace,
      podCIDR: opts.podCIDR,
      capacity: opts.capacity ?? { cpu: '2', memory: '2Gi' },
      // A node on a real runtime is a real machine: its Node reports what the machine has.
      machine: opts.machine ?? (sim ? undefined : new HostMachine({ rootDir: machineRoot(flags) })),
      flags,
      log: opts.log,
    });
    k.streamingPort = port;
    return k;
  };
  let kubelet = make(0);
  await kubelet.start();
  let pending: Promise<void> = Promise.resolve();
  return {
    nodeName: opts.nodeName,
    runtime,
    get kubelet() {
      return kubelet;
    },
    get streamingPort() {
      return kubelet.streamingPort;
    },
    async stop() {
      await pending;
      await kubelet.stop();
      if (owned && sim) sim.shutdown();
    },
    kill() {
      pending = kubelet.stop();
    },
    async restart() {
      await pending;
      await kubelet.stop();
      kubelet = make(kubelet.streamingPort);
      await kubelet.start();
    },
  };
}
