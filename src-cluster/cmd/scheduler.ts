/**
 * kube-scheduler's composition root. Every instance runs its informers, cache and queue all the
 * time (a standby is warm and takes over at once); only the holder of the Lease
 * kube-system/kube-scheduler schedules (k8s-internals §4.9: 15 s / 10 s / 2 s).
 * `leaderElection: false` schedules unconditionally (tests, a single-master cluster).
 */
import { setMaxListeners } from 'node:events';
import type { Clock } from '../../src-shared/util/clock';
import { realClock } from '../../src-shared/util/clock';
import type { TraceSink } from '../../src-shared/trace';
import type { ApiClient } from '../client';
import { LeaderElector } from '../client/leaderelection/leader-elector';
import { Scheduler, type SchedulerOptions } from '../scheduler';

export interface StartSchedulerOptions {
  client: ApiClient;
  clock?: Clock;
  trace?: TraceSink;
  /** This candidate's identity in the Lease ("master-1_<random>"). */
  identity: string;
  leaderElection?:
    { leaseDurationMs?: number; renewDeadlineMs?: number; retryPeriodMs?: number } | false;
  /** Scheduler knobs (percentageOfNodesToScore, backoffs, plugins …). */
  scheduler?: Omit<SchedulerOptions, 'client' | 'clock' | 'trace' | 'instance'>;
  onError?: (err: unknown) => void;
}

export interface RunningScheduler {
  identity: string;
  isLeader(): boolean;
  /** The engine (cache, queue, stats), for tests and the lab host. */
  scheduler: Scheduler;
  stop(): Promise<void>;
}

export function startScheduler(opts: StartSchedulerOptions): RunningScheduler {
  const clock = opts.clock ?? realClock;
  const scheduler = new Scheduler({
    ...opts.scheduler,
    client: opts.client,
    clock,
    trace: opts.trace,
    instance: opts.identity,
    onError: opts.onError ?? opts.scheduler?.onError,
  });
  const ac = new AbortController();
  // Four informers, the queue and the elector each listen for shutdown.
  setMaxListeners(100, ac.signal);
  scheduler.startInformers(ac.signal);
  const runs = new Set<Promise<void>>();
  const schedule = (signal: AbortSignal) => {
    const r = scheduler.run(signal).catch((e) => opts.onError?.(e));
    runs.add(r);
    void r.finally(() => runs.delete(r));
  };

  let elector: LeaderElector | undefined;
  let electing: Promise<void> = Promise.resolve();
  if (opts.leaderElection === false) {
    schedule(ac.signal);
  } else {
    elector = new LeaderElector(opts.client, {
      namespace: 'kube-system',
      name: 'kube-scheduler',
      identity: opts.identity,
      clock,
      trace: opts.trace,
      ...(opts.leaderElection ?? {}),
      onStartedLeading: (signal) => schedule(signal),
    });
    electing = elector.run(ac.signal);
  }

  return {
    identity: opts.identity,
    scheduler,
    isLeader: () => (elector ? elector.isLeader() : true),
    async stop() {
      ac.abort();
      await electing;
      await Promise.allSettled([...runs]);
      await scheduler.shutdown();
    },
  };
}
