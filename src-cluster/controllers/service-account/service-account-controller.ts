/**
 * The ServiceAccount controller (k8s-internals §4.7): every namespace has a ServiceAccount named
 * `default`, the identity its pods run as when they name none (the ServiceAccount admission plugin
 * fills that in). Created when a namespace appears, re-created if someone deletes it; nothing is
 * created in a namespace that is being deleted.
 */
import type { Namespace, ServiceAccount } from 'kubernetes-types/core/v1';
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
import { NAMESPACES_REF, SERVICE_ACCOUNTS_REF } from '../framework/resource-refs';

/** The ServiceAccounts every namespace gets. */
export const DEFAULT_SERVICE_ACCOUNTS = ['default'];

export class ServiceAccountController extends BaseController {
  private readonly namespaces: Lister<Namespace>;
  private readonly accounts: Lister<ServiceAccount>;
  private readonly client: ResourceClient<ServiceAccount>;

  constructor(ctx: ControllerContext) {
    super('serviceaccount', ctx.clock, ctx.trace);
    this.client = ctx.client.resource<ServiceAccount>(SERVICE_ACCOUNTS_REF);
    const namespaces = ctx.factory.informerFor<Namespace>(NAMESPACES_REF);
    this.namespaces = namespaces.lister();
    namespaces.addEventHandler({
      onAdd: (ns) => this.enqueue(ns.metadata!.name!),
      onUpdate: (_o, ns) => this.enqueue(ns.metadata!.name!),
    });
    const accounts = ctx.factory.informerFor<ServiceAccount>(SERVICE_ACCOUNTS_REF);
    this.accounts = accounts.lister();
    accounts.addEventHandler({
      onDelete: (sa) => {
        if (DEFAULT_SERVICE_ACCOUNTS.includes(sa.metadata!.name!)) {
          this.enqueue(sa.metadata!.namespace!);
        }
      },
    });
  }

  protected async sync(namespace: string): Promise<void> {
    const ns = this.namespaces.get(undefined, namespace);
    if (!ns || ns.metadata?.deletionTimestamp || ns.status?.phase === 'Terminating') return;
    for (const name of DEFAULT_SERVICE_ACCOUNTS) {
      if (this.accounts.getByKey(keyOf(namespace, name))) continue;
      try {
        await this.client.namespace(namespace).create({ metadata: { name, namespace } });
      } catch (err) {
        // Already there (our cache was behind), or the namespace started terminating / vanished.
        if (isAlreadyExists(err) || isForbidden(err) || isNotFound(err)) continue;
        throw err;
      }
    }
  }
}
