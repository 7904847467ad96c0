/**
 * The namespace controller (k8s-internals §4.6): when a Namespace is being deleted, it deletes
 * every namespaced object in it, waits until they are all gone (pods finish their grace period,
 * finalizers run), then removes the "kubernetes" finalizer through /finalize so the API server can
 * remove the Namespace itself.
 */
import type { Namespace } from 'kubernetes-types/core/v1';
import { RESOURCES, type ResourceInfo } from '../../api/resources';
import type { Clock } from '../../../src-shared/util/clock';
import type { TraceSink } from '../../../src-shared/trace';
import { isNotFound, type ApiClient, type SharedInformerFactory, type Lister } from '../../client';
import { BaseController, RequeueAfter } from '../framework/base-controller';

const NAMESPACES = RESOURCES.find((r) => r.resource === 'namespaces' && !r.group)!;

/**
 * What a namespace holds: every namespaced, stored resource. events.k8s.io Events are the same
 * objects as core Events, so they are deleted once.
 */
const CONTENTS: ResourceInfo[] = RESOURCES.filter(
  (r) =>
    r.namespaced &&
    !r.virtual &&
    r.verbs.includes('deletecollection') &&
    r.group !== 'events.k8s.io',
);

export class NamespaceController extends BaseController {
  private readonly namespaces: Lister<Namespace>;

  constructor(
    private readonly client: ApiClient,
    factory: SharedInformerFactory,
    clock: Clock,
    trace?: TraceSink,
    /** How long to wait before re-checking a namespace whose contents are still going away. */
    private readonly recheckMs = 2000,
  ) {
    super('namespace', clock, trace);
    const informer = factory.informerFor<Namespace>(NAMESPACES);
    this.namespaces = informer.lister();
    informer.addEventHandler({
      onAdd: (ns) => this.enqueueIfDeleting(ns),
      onUpdate: (_old, ns) => this.enqueueIfDeleting(ns),
    });
  }

  private enqueueIfDeleting(ns: Namespace): void {
    if (ns.metadata?.deletionTimestamp) this.enqueue(ns.metadata.name!);
  }

  protected async sync(name: string): Promise<void> {
    const ns = this.namespaces.get(undefined, name);
    if (!ns?.metadata?.deletionTimestamp) return;
    if (!(ns.spec?.finalizers ?? []).includes('kubernetes')) return;
    let remaining = 0;
    for (const info of CONTENTS) {
      const rc = this.client.resource(info).namespace(name);
      const list = await rc.list();
      if (list.items.length === 0) continue;
      remaining += list.items.length;
      // Objects already marked for deletion are waiting on grace periods or finalizers.
      if (list.items.some((o) => !o.metadata?.deletionTimestamp)) {
        await rc.deleteCollection({ propagationPolicy: 'Background' });
      }
    }
    if (remaining > 0) throw new RequeueAfter(this.recheckMs);
    await this.finalize(ns);
  }

  private async finalize(ns: Namespace): Promise<void> {
    const finalizers = (ns.spec?.finalizers ?? []).filter((f) => f !== 'kubernetes');
    const body = structuredClone(ns) as Namespace & { spec: { finalizers: string[] } };
    body.spec = { ...body.spec, finalizers };
    try {
      await this.client
        .resource<Namespace>(NAMESPACES)
        .updateSubresource(ns.metadata!.name!, 'finalize', body);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
