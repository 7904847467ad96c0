/**
 * The zone the DNS server answers from, kept current through the API: Services and
 * EndpointSlices are watched with shared informers (as CoreDNS's kubernetes plugin watches them)
 * and the Zone is rebuilt from the caches on the first query after a change — a new Zone object
 * each time, so per-zone indexes (reverse.ts) never go stale.
 *
 * ClusterDns (../cluster-dns.ts) keeps the same informers for the in-process resolver but does
 * not expose its Zone; the server keeps its own feed so it can run as a separate process on a
 * node, where it is the only DNS component.
 *
 * Contract: start() resolves once both caches have synced; current() never blocks.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Clock } from '../../../src-shared/util/clock';
import { realClock } from '../../../src-shared/util/clock';
import { RESOURCES } from '../../api/resources';
import { SharedInformerFactory, type ApiClient, type Lister } from '../../client';
import { CLUSTER_DOMAIN, buildZone, type Zone } from '../records';

const SERVICES = RESOURCES.find((r) => r.resource === 'services' && r.group === '')!;
const SLICES = RESOURCES.find((r) => r.resource === 'endpointslices')!;

export interface ZoneFeedOptions {
  client: ApiClient;
  domain?: string;
  clock?: Clock;
}

export class ZoneFeed {
  private readonly factory: SharedInformerFactory;
  private readonly services: Lister<Service>;
  private readonly slices: Lister<EndpointSlice>;
  private readonly ac = new AbortController();
  private readonly domain: string;
  private zone: Zone | null = null;

  constructor(opts: ZoneFeedOptions) {
    this.domain = opts.domain ?? CLUSTER_DOMAIN;
    this.factory = new SharedInformerFactory(opts.client, { clock: opts.clock ?? realClock });
    const svc = this.factory.informerFor<Service>(SERVICES);
    const sl = this.factory.informerFor<EndpointSlice>(SLICES);
    this.services = svc.lister();
    this.slices = sl.lister();
    const stale = {
      onAdd: () => this.invalidate(),
      onUpdate: () => this.invalidate(),
      onDelete: () => this.invalidate(),
    };
    svc.addEventHandler(stale);
    sl.addEventHandler(stale);
  }

  async start(): Promise<void> {
    this.factory.start(this.ac.signal);
    await this.factory.waitForCacheSync(this.ac.signal);
  }

  async stop(): Promise<void> {
    this.ac.abort();
    await this.factory.shutdown();
  }

  /** The zone as of the latest watch event seen; pass `() => feed.current()` to the server. */
  current(): Zone {
    this.zone ??= buildZone(this.services.list(), this.slices.list(), this.domain);
    return this.zone;
  }

  private invalidate(): void {
    this.zone = null;
  }
}
