/**
 * The cluster DNS server of no-VM mode: the implementation behind the kube-dns Service
 * (10.96.0.10) when there is no CoreDNS pod. It watches Services and EndpointSlices through the
 * API, like CoreDNS's kubernetes plugin, and rebuilds its zone on every change (the zone is small;
 * rebuilding is simpler than patching and cannot drift). The sim runtime and tests call resolve().
 *
 * Contract: start() resolves once both caches have synced, so a Service that existed before start
 * resolves right after it; a change becomes visible as soon as its watch event has arrived.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Clock } from '../../src-shared/util/clock';
import { realClock } from '../../src-shared/util/clock';
import type { TraceSink } from '../../src-shared/trace';
import { nullTraceSink } from '../../src-shared/trace';
import { RESOURCES } from '../api/resources';
import { SharedInformerFactory, type ApiClient, type Lister } from '../client';
import { CLUSTER_DOMAIN, buildZone, type SrvRecord, type Zone } from './records';
import { resolveName, resolveSrv, type DnsAnswer, type ResolveOptions } from './resolver';

const SERVICES = RESOURCES.find((r) => r.resource === 'services' && r.group === '')!;
const SLICES = RESOURCES.find((r) => r.resource === 'endpointslices')!;

export interface ClusterDnsOptions {
  client: ApiClient;
  clock?: Clock;
  trace?: TraceSink;
  /** --cluster-domain (cluster.local). */
  domain?: string;
  /** Which instance this is in traces ("master-1"). */
  instance?: string;
}

export class ClusterDns {
  private readonly factory: SharedInformerFactory;
  private readonly services: Lister<Service>;
  private readonly slices: Lister<EndpointSlice>;
  private readonly ac = new AbortController();
  private readonly domain: string;
  private readonly clock: Clock;
  private readonly trace: TraceSink;
  /** Rebuilt lazily: marked stale by watch events, built on the next query. */
  private zone: Zone | null = null;
  private running = false;

  constructor(private readonly opts: ClusterDnsOptions) {
    this.domain = opts.domain ?? CLUSTER_DOMAIN;
    this.clock = opts.clock ?? realClock;
    this.trace = opts.trace ?? nullTraceSink;
    this.factory = new SharedInformerFactory(opts.client, { clock: this.clock });
    const svc = this.factory.informerFor<Service>(SERVICES);
    const sl = this.factory.informerFor<EndpointSlice>(SLICES);
    this.services = svc.lister();
    this.slices = sl.lister();
    const stale = { onAdd: () => this.invalidate(), onUpdate: () => this.invalidate() };
    svc.addEventHandler({ ...stale, onDelete: () => this.invalidate() });
    sl.addEventHandler({ ...stale, onDelete: () => this.invalidate() });
  }

  async start(): Promise<void> {
    this.factory.start(this.ac.signal);
    await this.factory.waitForCacheSync(this.ac.signal);
    this.running = true;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.ac.abort();
    await this.factory.shutdown();
  }

  healthy(): boolean {
    return this.running;
  }

  /** Looks a name up as a pod in `opts.namespace` would (search path, ndots:5). */
  resolve(name: string, opts: ResolveOptions = {}): DnsAnswer {
    const answer = resolveName(this.current(), name, opts, this.domain);
    this.trace.emit({
      time: this.clock.now(),
      from: { component: 'dns', instance: this.opts.instance },
      verb: 'query',
      name,
      namespace: opts.namespace,
      outcome: answer.type,
      detail: answer.type === 'A' ? { fqdn: answer.name, addresses: answer.addresses } : {},
    });
    return answer;
  }

  /** SRV records for `_<port>._<proto>.<svc>.<ns>.svc.<domain>`. */
  resolveSrv(fqdn: string): SrvRecord[] {
    return resolveSrv(this.current(), fqdn);
  }

  private invalidate(): void {
    this.zone = null;
  }

  private current(): Zone {
    this.zone ??= buildZone(this.services.list(), this.slices.list(), this.domain);
    return this.zone;
  }
}
