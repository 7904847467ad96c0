/**
 * The lab cloud-controller-manager: the node loop and the load-balancer loop over one shared
 * informer factory, run only while this instance holds the Lease kube-system/cloud-controller-manager
 * (one per master; the others stand by). Losing the lease stops both loops; the informers keep
 * running so a regained lease starts from a warm cache.
 */
import type { Clock } from '../../src-shared/util/clock';
import { realClock } from '../../src-shared/util/clock';
import type { TraceSink } from '../../src-shared/trace';
import { nullTraceSink } from '../../src-shared/trace';
import { SharedInformerFactory, type ApiClient } from '../client';
import { LeaderElector } from '../client/leaderelection/leader-elector';
import { AddressPool } from './address-pool';
import { CloudNodeController } from './node-controller';
import type { LabCloud } from './provider';
import { LoadBalancerController } from './service-controller';

export interface CloudControllerOptions {
  client: ApiClient;
  cloud: LabCloud;
  identity: string;
  clock?: Clock;
  trace?: TraceSink;
  /** --node-monitor-period (5 s). */
  nodeMonitorPeriodMs?: number;
  leaderElection?: { leaseDurationMs?: number; renewDeadlineMs?: number; retryPeriodMs?: number };
}

export class CloudControllerManager {
  private readonly ac = new AbortController();
  private readonly factory: SharedInformerFactory;
  private readonly elector: LeaderElector;
  private readonly nodes: CloudNodeController;
  private readonly lbs: LoadBalancerController;
  private readonly loops = new Set<Promise<unknown>>();
  private electing: Promise<void> | undefined;

  constructor(opts: CloudControllerOptions) {
    const clock = opts.clock ?? realClock;
    const trace = opts.trace ?? nullTraceSink;
    this.factory = new SharedInformerFactory(opts.client, { clock });
    this.nodes = new CloudNodeController(
      opts.client,
      this.factory,
      opts.cloud,
      clock,
      trace,
      opts.nodeMonitorPeriodMs ?? 5000,
    );
    const pool = new AddressPool(opts.cloud.loadBalancerRange);
    this.lbs = new LoadBalancerController(opts.client, this.factory, pool, clock, trace);
    this.elector = new LeaderElector(opts.client, {
      namespace: 'kube-system',
      name: 'cloud-controller-manager',
      identity: opts.identity,
      clock,
      trace,
      ...opts.leaderElection,
      onStartedLeading: (signal) => this.lead(signal),
    });
  }

  async start(): Promise<void> {
    this.factory.start(this.ac.signal);
    await this.factory.waitForCacheSync(this.ac.signal);
    this.electing = this.elector.run(this.ac.signal);
  }

  isLeader(): boolean {
    return this.elector.isLeader();
  }

  /** Runs one node check now (the composition calls it when it destroys a node). */
  checkNodes(): Promise<string[]> {
    return this.isLeader() ? this.nodes.checkOnce() : Promise.resolve([]);
  }

  async stop(): Promise<void> {
    this.ac.abort();
    await this.electing;
    await Promise.allSettled([...this.loops]);
    await this.factory.shutdown();
  }

  private lead(signal: AbortSignal): void {
    for (const loop of [this.nodes.run(signal), this.lbs.run(signal)]) {
      this.loops.add(loop);
      void loop.finally(() => this.loops.delete(loop));
    }
  }
}
