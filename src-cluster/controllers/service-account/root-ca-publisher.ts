/**
 * The root CA publisher (k8s-internals §4.7, upstream's root-ca-cert-publisher): a ConfigMap
 * `kube-root-ca.crt` with key `ca.crt` in every namespace, holding the CA that signed the API
 * server's certificate. Pods mount it (the kube-api-access projected volume) to verify the API
 * server when they call it. Kept equal to the CA it was given; edits are put back.
 */
import type { ConfigMap, Namespace } from 'kubernetes-types/core/v1';
import {
  isAlreadyExists,
  isForbidden,
  isNotFound,
  keyOf,
  type Lister,
  type ResourceClient,
} from '../../client';
import { BaseController } from '../framework/base-controller';
import type { ControllerContext } from '../framework/context';
import { mutableCopy } from '../framework/deep-mutable';
import { CONFIG_MAPS_REF, NAMESPACES_REF } from '../framework/resource-refs';

export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
export const ROOT_CA_KEY = 'ca.crt';

export class RootCACertPublisher extends BaseController {
  private readonly namespaces: Lister<Namespace>;
  private readonly configMaps: Lister<ConfigMap>;
  private readonly client: ResourceClient<ConfigMap>;

  constructor(
    ctx: ControllerContext,
    /** PEM of the cluster CA. */
    private readonly caPem: string,
  ) {
    super('root-ca-cert-publisher', ctx.clock, ctx.trace);
    this.client = ctx.client.resource<ConfigMap>(CONFIG_MAPS_REF);
    const namespaces = ctx.factory.informerFor<Namespace>(NAMESPACES_REF);
    this.namespaces = namespaces.lister();
    namespaces.addEventHandler({
      onAdd: (ns) => this.enqueue(ns.metadata!.name!),
      onUpdate: (_o, ns) => this.enqueue(ns.metadata!.name!),
    });
    const configMaps = ctx.factory.informerFor<ConfigMap>(CONFIG_MAPS_REF);
    this.configMaps = configMaps.lister();
    const onConfigMap = (cm: ConfigMap) => {
      if (cm.metadata?.name === ROOT_CA_CONFIGMAP) this.enqueue(cm.metadata.namespace!);
    };
    configMaps.addEventHandler({ onUpdate: (_o, cm) => onConfigMap(cm), onDelete: onConfigMap });
  }

  protected async sync(namespace: string): Promise<void> {
    const ns = this.namespaces.get(undefined, namespace);
    if (!ns || ns.metadata?.deletionTimestamp || ns.status?.phase === 'Terminating') return;
    const client = this.client.namespace(namespace);
    const cm = this.configMaps.getByKey(keyOf(namespace, ROOT_CA_CONFIGMAP));
    try {
      if (!cm) {
        await client.create({
          metadata: { name: ROOT_CA_CONFIGMAP, namespace },
          data: { [ROOT_CA_KEY]: this.caPem },
        });
      } else if (cm.data?.[ROOT_CA_KEY] !== this.caPem || Object.keys(cm.data ?? {}).length !== 1) {
        const copy = mutableCopy(cm);
        copy.data = { [ROOT_CA_KEY]: this.caPem };
        await client.update(copy);
      }
    } catch (err) {
      if (isAlreadyExists(err) || isForbidden(err) || isNotFound(err)) return;
      throw err;
    }
  }
}
