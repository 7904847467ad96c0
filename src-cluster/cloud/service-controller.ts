/**
 * The cloud controller's service loop: a `type: LoadBalancer` Service gets an address from the lab
 * pool in `status.loadBalancer.ingress[].ip`, as a cloud's load balancer would give it; when the
 * Service stops being a LoadBalancer or is deleted, the address goes back to the pool. Deletion is
 * held by the finalizer `service.kubernetes.io/load-balancer-cleanup` (upstream's name) until the
 * address is released, so no address leaks when the controller is down at that moment.
 *
 * Handlers only enqueue keys; sync(key) re-reads the Service from the cache and converges.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { Clock } from '../../src-shared/util/clock';
import type { TraceSink } from '../../src-shared/trace';
import { RESOURCES } from '../api/resources';
import {
  RateLimitingQueue,
  isConflict,
  isNotFound,
  objectKey,
  splitKey,
  type ApiClient,
  type Lister,
  type SharedInformerFactory,
} from '../client';
import { EventRecorder, referenceTo } from '../client/events/event-recorder';
import { AddressPool } from './address-pool';

const SERVICES = RESOURCES.find((r) => r.resource === 'services' && r.group === '')!;
export const LB_CLEANUP_FINALIZER = 'service.kubernetes.io/load-balancer-cleanup';

export class LoadBalancerController {
  private readonly queue: RateLimitingQueue<string>;
  private readonly services: Lister<Service>;
  private readonly recorder: EventRecorder;

  constructor(
    private readonly client: ApiClient,
    factory: SharedInformerFactory,
    private readonly pool: AddressPool,
    private readonly clock: Clock,
    private readonly trace: TraceSink,
  ) {
    this.queue = new RateLimitingQueue<string>(clock);
    const inf = factory.informerFor<Service>(SERVICES);
    this.services = inf.lister();
    this.recorder = new EventRecorder(client, { component: 'service-controller' }, clock);
    const enqueue = (s: Service) => this.queue.add(objectKey(s));
    inf.addEventHandler({ onAdd: enqueue, onUpdate: (_o, s) => enqueue(s) });
  }

  async run(signal: AbortSignal): Promise<void> {
    signal.addEventListener('abort', () => this.queue.shutdown(), { once: true });
    // Everything already in the cache is looked at once when (re)starting as leader.
    for (const s of this.services.list()) this.queue.add(objectKey(s));
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      const started = this.clock.now();
      let outcome = 'ok';
      try {
        await this.sync(key);
        this.queue.forget(key);
      } catch (err) {
        outcome = `error: ${err instanceof Error ? err.message : String(err)}`;
        this.queue.addRateLimited(key);
      } finally {
        this.queue.done(key);
        this.trace.emit({
          time: started,
          from: { component: 'cloud-controller-manager', instance: 'service' },
          verb: 'sync',
          resource: 'services',
          name: key,
          latencyMs: this.clock.now() - started,
          outcome,
        });
      }
    }
  }

  private api(ns: string) {
    return this.client.resource<Service>(SERVICES).namespace(ns);
  }

  private takenExcept(key: string): Set<string> {
    const taken = new Set<string>();
    for (const s of this.services.list()) {
      if (objectKey(s) === key) continue;
      for (const i of s.status?.loadBalancer?.ingress ?? []) if (i.ip) taken.add(i.ip);
    }
    return taken;
  }

  private async sync(key: string): Promise<void> {
    const cached = this.services.getByKey(key);
    if (!cached) return;
    const ns = splitKey(key).namespace;
    const wants = cached.spec?.type === 'LoadBalancer' && !cached.metadata?.deletionTimestamp;
    const finalizers = cached.metadata?.finalizers ?? [];
    const ingress = cached.status?.loadBalancer?.ingress ?? [];
    if (!wants) {
      if (ingress.length > 0) {
        const svc = structuredClone(cached) as Service & { status: NonNullable<Service['status']> };
        svc.status = { ...(svc.status ?? {}), loadBalancer: {} };
        await this.api(ns!).updateStatus(svc);
        this.recorder.event(
          referenceTo(cached),
          'Normal',
          'DeletedLoadBalancer',
          'Deleted load balancer',
        );
        return; // the status update re-queues us; the finalizer goes next.
      }
      if (finalizers.includes(LB_CLEANUP_FINALIZER)) {
        await this.setFinalizer(cached, false);
      }
      return;
    }
    if (!finalizers.includes(LB_CLEANUP_FINALIZER)) {
      await this.setFinalizer(cached, true);
      return;
    }
    const current = ingress.map((i) => i.ip).find((ip) => ip && this.pool.contains(ip));
    if (current && ingress.length === 1) return;
    const ip = this.pool.allocate(this.takenExcept(key), cached.spec?.loadBalancerIP || undefined);
    if (!ip) {
      const why = cached.spec?.loadBalancerIP
        ? `requested address ${cached.spec.loadBalancerIP} is not free in the pool ${this.pool.range}`
        : `no free address in the pool ${this.pool.range}`;
      this.recorder.event(
        referenceTo(cached),
        'Warning',
        'SyncLoadBalancerFailed',
        `Error syncing load balancer: ${why}`,
      );
      throw new Error(why);
    }
    this.recorder.event(
      referenceTo(cached),
      'Normal',
      'EnsuringLoadBalancer',
      'Ensuring load balancer',
    );
    const svc = structuredClone(cached) as Service;
    (svc as { status: Service['status'] }).status = {
      ...(cached.status ?? {}),
      loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] },
    };
    await this.api(ns!).updateStatus(svc);
    this.recorder.event(
      referenceTo(cached),
      'Normal',
      'EnsuredLoadBalancer',
      'Ensured load balancer',
    );
  }

  private async setFinalizer(svc: Service, present: boolean): Promise<void> {
    const next = structuredClone(svc) as Service & { metadata: { finalizers?: string[] } };
    const rest = (svc.metadata?.finalizers ?? []).filter((f) => f !== LB_CLEANUP_FINALIZER);
    next.metadata.finalizers = present ? [...rest, LB_CLEANUP_FINALIZER] : rest;
    try {
      await this.api(svc.metadata!.namespace!).update(next);
    } catch (err) {
      // Gone already, or changed under us: the watch event that follows re-queues the key.
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
  }
}
