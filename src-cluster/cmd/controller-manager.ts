/**
 * kube-controller-manager's composition root. Every candidate campaigns for the Lease
 * kube-system/kube-controller-manager (k8s-internals §4.9: 15 s / 10 s / 2 s); only the leader runs
 * controllers. Each leadership term gets a fresh SharedInformerFactory, ControllerContext and set
 * of controllers, all torn down when the term ends — the in-process equivalent of upstream exiting
 * on lost leadership, so a term never inherits a half-stopped queue or stale handlers.
 */
import { setMaxListeners } from 'node:events';
import type { Clock } from '../../src-shared/util/clock';
import { realClock } from '../../src-shared/util/clock';
import type { TraceSink } from '../../src-shared/trace';
import { nullTraceSink } from '../../src-shared/trace';
import { SharedInformerFactory, type ApiClient } from '../client';
import { EventRecorder } from '../client/events/event-recorder';
import { LeaderElector } from '../client/leaderelection/leader-elector';
import {
  DEFAULT_CONTROLLER_FLAGS,
  type Controller,
  type ControllerContext,
  type ControllerManagerFlags,
} from '../controllers/framework/context';
import { defaultControllerRegistry, type ControllerRegistry } from '../controllers/registry';

export interface LeaderElectionTiming {
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
}

export interface StartControllerManagerOptions {
  client: ApiClient;
  clock?: Clock;
  trace?: TraceSink;
  /** This candidate's identity in the Lease ("master-1_<random>"). */
  identity: string;
  flags?: Partial<ControllerManagerFlags>;
  leaderElection?: LeaderElectionTiming;
  /** Controller names to run (default: every registered one). Unknown names throw. */
  controllers?: string[];
  registry?: ControllerRegistry;
  /** --root-ca-file's contents (PEM), for the kube-root-ca.crt publisher. */
  rootCaPem?: string;
}

export interface RunningControllerManager {
  identity: string;
  isLeader(): boolean;
  /** Names of the controllers running now (empty unless leader). */
  running(): string[];
  stop(): Promise<void>;
}

export function startControllerManager(
  opts: StartControllerManagerOptions,
): RunningControllerManager {
  const clock = opts.clock ?? realClock;
  const trace = opts.trace ?? nullTraceSink;
  const flags: ControllerManagerFlags = { ...DEFAULT_CONTROLLER_FLAGS, ...opts.flags };
  const registry = opts.registry ?? defaultControllerRegistry({ rootCaPem: opts.rootCaPem });
  const names = opts.controllers ?? registry.names();
  for (const n of names) {
    if (!registry.get(n)) {
      throw new Error(`unknown controller "${n}" (available: ${registry.names().join(', ')})`);
    }
  }
  const ac = new AbortController();
  let active: string[] = [];
  const terms = new Set<Promise<void>>();

  const term = async (signal: AbortSignal): Promise<void> => {
    // One signal ends every informer's watch request of the term: more than Node's default of 10.
    setMaxListeners(200, signal);
    const factory = new SharedInformerFactory(opts.client, { clock });
    const ctx: ControllerContext = {
      client: opts.client,
      factory,
      clock,
      trace,
      flags,
      recorder: (component) => new EventRecorder(opts.client, { component }, clock),
    };
    const controllers: Controller[] = names.map((n) => registry.get(n)!(ctx));
    try {
      factory.start(signal);
      if (!(await factory.waitForCacheSync(signal))) return;
      active = controllers.map((c) => c.name);
      await Promise.all(controllers.map((c) => c.run(signal, flags.workers)));
    } finally {
      active = [];
      await factory.shutdown();
    }
  };

  const elector = new LeaderElector(opts.client, {
    namespace: 'kube-system',
    name: 'kube-controller-manager',
    identity: opts.identity,
    clock,
    trace,
    ...opts.leaderElection,
    onStartedLeading: (signal) => {
      const t = term(signal).catch(() => {});
      terms.add(t);
      void t.finally(() => terms.delete(t));
    },
  });
  const electing = elector.run(ac.signal);

  return {
    identity: opts.identity,
    isLeader: () => elector.isLeader(),
    running: () => [...active],
    async stop() {
      ac.abort();
      await electing;
      await Promise.allSettled([...terms]);
    },
  };
}
