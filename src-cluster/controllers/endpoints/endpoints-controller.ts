/**
 * The Endpoints controller (k8s-internals §4.5): keeps one Endpoints object per selector-based
 * Service, named like it, listing the IPs of the pods the selector picks — Ready ones under
 * `addresses`, the others under `notReadyAddresses` — with the Service's targetPorts resolved to
 * numbers. kube-proxy and DNS read it; a pod that stops being Ready leaves `addresses` and so
 * stops getting traffic. Services without a selector are left alone: their Endpoints are
 * written by hand.
 */
import type { Endpoints, Pod, Service } from 'kubernetes-types/core/v1';
import { isNotFound, objectKey, splitKey, type Lister, type ResourceClient } from '../../client';
import { BaseController } from '../framework/base-controller';
import type { ControllerContext } from '../framework/context';
import { mutableCopy } from '../framework/deep-mutable';
import { ENDPOINTS_REF, PODS_REF, SERVICES_REF } from '../framework/resource-refs';
import { hasSelector, serviceEndpoints, servicesSelecting } from '../framework/service-endpoints';
import { buildSubsets } from './subsets';

/** Set on Endpoints of headless Services (clusterIP None), as upstream does. */
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';

const sortedEntries = (m: Record<string, string> | undefined) =>
  JSON.stringify(Object.entries(m ?? {}).sort(([a], [b]) => a.localeCompare(b)));

export class EndpointsController extends BaseController {
  private readonly services: Lister<Service>;
  private readonly pods: Lister<Pod>;
  private readonly endpoints: Lister<Endpoints>;
  private readonly client: ResourceClient<Endpoints>;

  constructor(ctx: ControllerContext) {
    super('endpoint', ctx.clock, ctx.trace);
    this.client = ctx.client.resource<Endpoints>(ENDPOINTS_REF);
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
    const endpoints = ctx.factory.informerFor<Endpoints>(ENDPOINTS_REF);
    this.endpoints = endpoints.lister();
    // Someone deleted or edited an Endpoints we own: put it back.
    endpoints.addEventHandler({
      onUpdate: (_o, e) => this.enqueueIfOurs(e),
      onDelete: (e) => this.enqueueIfOurs(e),
    });
  }

  private enqueueIfOurs(e: Endpoints): void {
    const svc = this.services.getByKey(objectKey(e));
    if (svc && hasSelector(svc)) this.enqueue(objectKey(e));
  }

  protected async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const svc = this.services.getByKey(key);
    const existing = this.endpoints.getByKey(key);
    const client = this.client.namespace(namespace);
    if (!svc) {
      if (!existing) return;
      try {
        await client.delete(name);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      return;
    }
    if (!hasSelector(svc)) return;

    const subsets = buildSubsets(
      svc,
      serviceEndpoints(svc, this.pods, { includeTerminating: false }),
    );
    const labels: Record<string, string> = { ...svc.metadata?.labels };
    if (svc.spec?.clusterIP === 'None') labels[HEADLESS_LABEL] = '';
    if (existing) {
      const same =
        JSON.stringify(existing.subsets ?? []) === JSON.stringify(subsets) &&
        sortedEntries(existing.metadata?.labels) === sortedEntries(labels);
      if (same) return;
      const copy = mutableCopy(existing);
      copy.metadata!.labels = labels;
      copy.subsets = mutableCopy(subsets);
      await client.update(copy);
      return;
    }
    await client.create({ metadata: { name, namespace, labels }, subsets });
  }
}
