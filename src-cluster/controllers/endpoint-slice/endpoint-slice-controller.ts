/**
 * The EndpointSlice controller (k8s-internals §4.5): the scalable successor of Endpoints. Each
 * selector-based Service gets slices labelled `kubernetes.io/service-name=<svc>` and
 * `endpointslice.kubernetes.io/managed-by=endpointslice-controller.k8s.io`, owned by the Service,
 * each endpoint carrying ready/serving/terminating conditions (terminating pods stay listed, not
 * ready, so proxies can drain them). Changes touch as few slices as possible (slice-plan.ts).
 */
import type { Pod, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import {
  isNotFound,
  keyOf,
  objectKey,
  splitKey,
  type Lister,
  type ResourceClient,
} from '../../client';
import { BaseController } from '../framework/base-controller';
import type { ControllerContext } from '../framework/context';
import { mutableCopy } from '../framework/deep-mutable';
import { ENDPOINT_SLICES_REF, PODS_REF, SERVICES_REF } from '../framework/resource-refs';
import { hasSelector, serviceEndpoints, servicesSelecting } from '../framework/service-endpoints';
import { planSlices, wantedSlices, type WantedSlice } from './slice-plan';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const MANAGED_BY = 'endpointslice-controller.k8s.io';
/** --max-endpoints-per-slice (100). */
export const MAX_ENDPOINTS_PER_SLICE = 100;
/** How long a created slice may take to reach the cache before we stop waiting for it. */
const CREATE_WAIT_MS = 30_000;

export class EndpointSliceController extends BaseController {
  private readonly services: Lister<Service>;
  private readonly pods: Lister<Pod>;
  private readonly slices: Lister<EndpointSlice>;
  private readonly client: ResourceClient<EndpointSlice>;
  /** service key → names of slices we created that the cache has not shown yet. */
  private readonly awaitingCreate = new Map<string, { names: Set<string>; at: number }>();

  constructor(
    ctx: ControllerContext,
    private readonly maxPerSlice = MAX_ENDPOINTS_PER_SLICE,
  ) {
    super('endpointslice', ctx.clock, ctx.trace);
    this.client = ctx.client.resource<EndpointSlice>(ENDPOINT_SLICES_REF);
    const services = ctx.factory.informerFor<Service>(SERVICES_REF);
    this.services = services.lister();
    services.addEventHandler({
      onAdd: (s) => this.enqueue(objectKey(s)),
      onUpdate: (_o, s) => this.enqueue(objectKey(s)),
      onDelete: (s) => this.enqueue(objectKey(s)),
    });
    const pods = ctx.factory.informerFor<Pod>(PODS_REF);
    this.pods = pods.lister();
    const onPods = (...ps: Pod[]) => {
      for (const key of servicesSelecting(this.services, ...ps)) this.enqueue(key);
    };
    pods.addEventHandler({
      onAdd: (p) => onPods(p),
      onUpdate: (o, p) => onPods(o, p),
      onDelete: (p) => onPods(p),
    });
    const slices = ctx.factory.informerFor<EndpointSlice>(ENDPOINT_SLICES_REF);
    this.slices = slices.lister();
    const onSlice = (s: EndpointSlice) => {
      const svc = s.metadata?.labels?.[SERVICE_NAME_LABEL];
      if (s.metadata?.labels?.[MANAGED_BY_LABEL] !== MANAGED_BY || !svc) return;
      this.enqueue(keyOf(s.metadata!.namespace, svc));
    };
    slices.addEventHandler({
      onAdd: onSlice,
      onUpdate: (_o, s) => onSlice(s),
      onDelete: onSlice,
    });
  }

  private ourSlices(namespace: string, service: string): EndpointSlice[] {
    return this.slices.list({
      namespace,
      filter: (s) =>
        s.metadata?.labels?.[SERVICE_NAME_LABEL] === service &&
        s.metadata?.labels?.[MANAGED_BY_LABEL] === MANAGED_BY,
    });
  }

  protected async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const existing = this.ourSlices(namespace, name);
    // Slices we just created are missing from the cache for a moment; planning without them
    // would create duplicates. Their arrival enqueues this Service again.
    const waiting = this.awaitingCreate.get(key);
    if (waiting) {
      const seen = new Set(existing.map((s) => s.metadata!.name!));
      const missing = [...waiting.names].some((n) => !seen.has(n));
      if (missing && this.clock.now() - waiting.at < CREATE_WAIT_MS) return;
      this.awaitingCreate.delete(key);
    }
    const svc = this.services.getByKey(key);
    const wanted =
      svc && hasSelector(svc)
        ? wantedSlices(
            serviceEndpoints(svc, this.pods, { includeTerminating: true }),
            this.maxPerSlice,
          )
        : [];
    // A Service without a selector (or gone) keeps no controller-made slices.
    const plan =
      svc && hasSelector(svc)
        ? planSlices(existing, wanted)
        : { create: [], update: [], delete: existing };
    const client = this.client.namespace(namespace);
    const labels = svc ? this.labelsFor(svc) : {};
    for (const { slice, want } of plan.update) {
      const copy = mutableCopy(slice);
      copy.metadata!.labels = { ...copy.metadata!.labels, ...labels };
      copy.ports = mutableCopy(want.ports);
      copy.endpoints = mutableCopy(want.endpoints);
      await client.update(copy);
    }
    const created = new Set<string>();
    try {
      for (const want of plan.create) {
        const out = await client.create(this.newSlice(svc!, labels, want));
        created.add(out.metadata!.name!);
      }
    } finally {
      if (created.size) this.awaitingCreate.set(key, { names: created, at: this.clock.now() });
    }
    for (const s of plan.delete) {
      try {
        await client.delete(s.metadata!.name!);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }

  private labelsFor(svc: Service): Record<string, string> {
    const labels: Record<string, string> = {
      ...svc.metadata?.labels,
      [SERVICE_NAME_LABEL]: svc.metadata!.name!,
      [MANAGED_BY_LABEL]: MANAGED_BY,
    };
    if (svc.spec?.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
    return labels;
  }

  private newSlice(svc: Service, labels: Record<string, string>, want: WantedSlice): EndpointSlice {
    return {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        generateName: `${svc.metadata!.name}-`,
        namespace: svc.metadata!.namespace,
        labels,
        ownerReferences: [
          {
            apiVersion: 'v1',
            kind: 'Service',
            name: svc.metadata!.name!,
            uid: svc.metadata!.uid!,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      addressType: want.addressType,
      ports: want.ports,
      endpoints: want.endpoints,
    };
  }
}
