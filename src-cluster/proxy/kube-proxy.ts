/**
 * kube-proxy's control loop (k8s-internals §6): watch Services and EndpointSlices through the API,
 * and whenever either changes, hand the whole current set to the backend. Bursts of changes are
 * coalesced: at most one sync per minSyncPeriod (upstream --iptables-min-sync-period, 1 s; the sim
 * default is 0, i.e. "once the current burst of watch events has been delivered"), and a full
 * resync every syncPeriod (upstream 30 s) repairs anything the backend lost.
 *
 * Contract: start() resolves once the caches have synced and the first rules are programmed;
 * stop() waits for an in-flight sync. healthy() is what /healthz on 10256 would answer: the last
 * sync succeeded and the loop is running.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Clock } from '../../src-shared/util/clock';
import { realClock } from '../../src-shared/util/clock';
import type { TraceSink } from '../../src-shared/trace';
import { nullTraceSink } from '../../src-shared/trace';
import { RESOURCES } from '../api/resources';
import { SharedInformerFactory, type ApiClient, type Lister } from '../client';
import type { ProxyBackend } from './backend';

const SERVICES = RESOURCES.find((r) => r.resource === 'services' && r.group === '')!;
const SLICES = RESOURCES.find((r) => r.resource === 'endpointslices')!;

export interface KubeProxyOptions {
  client: ApiClient;
  nodeName: string;
  backend: ProxyBackend;
  clock?: Clock;
  trace?: TraceSink;
  minSyncPeriodMs?: number;
  syncPeriodMs?: number;
}

export class KubeProxy {
  private readonly clock: Clock;
  private readonly trace: TraceSink;
  private readonly factory: SharedInformerFactory;
  private readonly services: Lister<Service>;
  private readonly slices: Lister<EndpointSlice>;
  private readonly ac = new AbortController();
  private scheduled = false;
  private syncing: Promise<void> | null = null;
  private dirty = false;
  private lastSyncAt = -Infinity;
  private lastError: string | undefined;
  private running = false;
  private cancelResync: (() => void) | undefined;

  constructor(private readonly opts: KubeProxyOptions) {
    this.clock = opts.clock ?? realClock;
    this.trace = opts.trace ?? nullTraceSink;
    this.factory = new SharedInformerFactory(opts.client, { clock: this.clock });
    const svcInf = this.factory.informerFor<Service>(SERVICES);
    const sliceInf = this.factory.informerFor<EndpointSlice>(SLICES);
    this.services = svcInf.lister();
    this.slices = sliceInf.lister();
    const changed = { onAdd: () => this.requestSync(), onUpdate: () => this.requestSync() };
    svcInf.addEventHandler({ ...changed, onDelete: () => this.requestSync() });
    sliceInf.addEventHandler({ ...changed, onDelete: () => this.requestSync() });
  }

  get nodeName(): string {
    return this.opts.nodeName;
  }

  get backend(): ProxyBackend {
    return this.opts.backend;
  }

  async start(): Promise<void> {
    this.factory.start(this.ac.signal);
    await this.factory.waitForCacheSync(this.ac.signal);
    this.running = true;
    await this.syncNow();
    this.armResync();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.cancelResync?.();
    this.ac.abort();
    await this.syncing;
    await this.factory.shutdown();
  }

  healthy(): boolean {
    return this.running && this.lastError === undefined;
  }

  /** Why the last sync failed, if it did. */
  error(): string | undefined {
    return this.lastError;
  }

  private armResync(): void {
    const period = this.opts.syncPeriodMs ?? 30_000;
    this.cancelResync = this.clock.setTimeout(() => {
      if (!this.running) return;
      this.requestSync();
      this.armResync();
    }, period);
  }

  /** Coalesces change notifications into one sync, no sooner than minSyncPeriod after the last. */
  private requestSync(): void {
    if (!this.running) return;
    if (this.syncing) {
      this.dirty = true;
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    const wait = Math.max(0, this.lastSyncAt + (this.opts.minSyncPeriodMs ?? 0) - this.clock.now());
    const fire = () => {
      this.scheduled = false;
      if (this.running) void this.syncNow();
    };
    // A zero wait still yields once, so the rest of a burst of watch events lands first.
    if (wait === 0) setImmediate(fire);
    else this.clock.setTimeout(fire, wait);
  }

  private async syncNow(): Promise<void> {
    const started = this.clock.now();
    const services = this.services.list();
    const slices = this.slices.list();
    this.syncing = (async () => {
      let outcome = 'ok';
      try {
        await this.opts.backend.syncRules(services, slices);
        this.lastError = undefined;
      } catch (err) {
        outcome = err instanceof Error ? err.message : String(err);
        this.lastError = outcome;
      } finally {
        this.lastSyncAt = this.clock.now();
        this.trace.emit({
          time: started,
          from: { component: 'kube-proxy', instance: this.opts.nodeName },
          verb: 'sync-rules',
          latencyMs: this.clock.now() - started,
          outcome,
          detail: {
            backend: this.opts.backend.name,
            services: services.length,
            endpointSlices: slices.length,
          },
        });
      }
    })();
    await this.syncing;
    this.syncing = null;
    if (this.dirty) {
      this.dirty = false;
      this.requestSync();
    } else if (this.lastError !== undefined) {
      // A failing backend is retried, but not in a tight loop.
      this.clock.setTimeout(
        () => this.requestSync(),
        Math.max(1000, this.opts.minSyncPeriodMs ?? 0),
      );
    }
  }
}
