/**
 * The garbage collector (k8s-internals §2.6): deletes objects whose owners are gone and carries
 * out the two deletion modes the API server only marks:
 * - `foregroundDeletion` finalizer on a deleting owner: delete its dependents, wait until those
 *   with blockOwnerDeletion are gone, then remove the finalizer (the owner goes last);
 * - `orphan` finalizer: take the owner's reference off every dependent, then remove the
 *   finalizer (the dependents stay, ownerless).
 * Background deletion needs no finalizer: the owner vanishes, and its dependents are found with
 * dangling references and deleted.
 *
 * It watches every listable, deletable resource (events excepted: they are owned by nobody and
 * there are many) and keys its queue by uid. Before calling an owner gone it asks the API server
 * (by name, comparing uid): a dependent may be seen before its owner's informer catches up, and
 * deleting it then would be wrong and irreversible.
 */
import { RESOURCES, type ResourceInfo } from '../../api/resources';
import {
  isNotFound,
  type ApiClient,
  type ClientObject,
  type Lister,
  type ResourceClient,
} from '../../client';
import { referenceTo, type EventRecorder } from '../../client/events/event-recorder';
import { BaseController } from '../framework/base-controller';
import type { Controller, ControllerContext } from '../framework/context';
import { DependencyGraph, type GraphNode } from './dependency-graph';
import { decide, type OwnerState } from './owner-decision';
import type { OwnerReference } from 'kubernetes-types/meta/v1';

export const FOREGROUND = 'foregroundDeletion';
export const ORPHAN = 'orphan';

/** The resources the collector watches. */
export const MONITORED: readonly ResourceInfo[] = RESOURCES.filter(
  (r) =>
    !r.virtual &&
    r.resource !== 'events' &&
    ['list', 'watch', 'delete'].every((v) => r.verbs.includes(v)),
);

/** How many owners confirmed absent are remembered (saves a GET per dependent). */
const ABSENT_CACHE_SIZE = 1024;

export class GarbageCollector extends BaseController {
  private readonly client: ApiClient;
  private readonly recorder: EventRecorder;
  readonly graph = new DependencyGraph();
  private readonly listers = new Map<ResourceInfo, Lister<ClientObject>>();
  private readonly absent = new Set<string>();

  constructor(ctx: ControllerContext) {
    super('garbagecollector', ctx.clock, ctx.trace);
    this.client = ctx.client;
    this.recorder = ctx.recorder('garbage-collector-controller');
    for (const info of MONITORED) {
      const inf = ctx.factory.informerFor<ClientObject>(info);
      this.listers.set(info, inf.lister());
      inf.addEventHandler({
        onAdd: (o) => this.observed(o, info, undefined),
        onUpdate: (old, o) => this.observed(o, info, old),
        onDelete: (o) => this.gone(o),
      });
    }
  }

  private observed(obj: ClientObject, info: ResourceInfo, old: ClientObject | undefined): void {
    const uid = obj.metadata?.uid;
    if (!uid) return;
    const dropped = this.graph.upsert(obj, info);
    // An owner waiting in the foreground may be waiting for exactly this reference to go.
    for (const u of dropped) this.enqueue(u);
    const refsChanged =
      JSON.stringify(old?.metadata?.ownerReferences ?? []) !==
      JSON.stringify(obj.metadata?.ownerReferences ?? []);
    const finalizing =
      !!obj.metadata?.deletionTimestamp &&
      (obj.metadata.finalizers ?? []).some((f) => f === FOREGROUND || f === ORPHAN);
    if (finalizing || ((obj.metadata?.ownerReferences?.length ?? 0) > 0 && (!old || refsChanged))) {
      this.enqueue(uid);
    }
  }

  private gone(obj: ClientObject): void {
    const uid = obj.metadata?.uid;
    if (!uid) return;
    const node = this.graph.remove(uid);
    for (const dep of this.graph.dependentsOf(uid)) this.enqueue(dep);
    for (const o of node?.owners ?? []) this.enqueue(o.uid);
  }

  private current(node: GraphNode): ClientObject | undefined {
    const obj = this.listers.get(node.info)?.get(node.namespace || undefined, node.name);
    return obj?.metadata?.uid === node.uid ? obj : undefined;
  }

  private rc(info: ResourceInfo, namespace: string): ResourceClient<ClientObject> {
    const rc = this.client.resource<ClientObject>(info);
    return info.namespaced ? rc.namespace(namespace) : rc;
  }

  protected async sync(uid: string): Promise<void> {
    const node = this.graph.get(uid);
    if (!node) return;
    const obj = this.current(node);
    if (!obj) return;
    const finalizers = obj.metadata?.finalizers ?? [];
    if (obj.metadata?.deletionTimestamp) {
      if (finalizers.includes(ORPHAN)) return this.orphanDependents(node, obj);
      if (finalizers.includes(FOREGROUND)) return this.deleteDependentsFirst(node, obj);
      return;
    }
    const refs = obj.metadata?.ownerReferences ?? [];
    if (refs.length === 0) return;
    const owners: { ref: OwnerReference; state: OwnerState }[] = [];
    for (const ref of refs) owners.push({ ref, state: await this.ownerState(node, obj, ref) });
    const d = decide(owners, this.graph.dependentsOf(uid).length > 0);
    if (d.action === 'keep') return;
    const rc = this.rc(node.info, node.namespace);
    try {
      if (d.action === 'rewrite-refs') {
        await rc.patch(node.name, 'merge', {
          metadata: {
            ownerReferences: d.ownerReferences,
            resourceVersion: obj.metadata?.resourceVersion,
          },
        });
      } else {
        await rc.delete(node.name, {
          propagationPolicy: d.propagationPolicy,
          preconditions: { uid },
        });
      }
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** solid, dangling (gone, or a reference that cannot be valid) or waiting (foreground). */
  private async ownerState(
    node: GraphNode,
    obj: ClientObject,
    ref: OwnerReference,
  ): Promise<OwnerState> {
    const info = resourceForKind(ref.apiVersion, ref.kind);
    // A kind this server does not serve: leave the reference alone rather than guess.
    if (!info) return 'solid';
    if (info.namespaced && !node.info.namespaced) {
      this.recorder.event(
        referenceTo(obj),
        'Warning',
        'OwnerRefInvalidNamespace',
        `ownerRef [${ref.apiVersion}/${ref.kind}, namespace: , name: ${ref.name}, uid: ${ref.uid}] does not exist in namespace ""`,
      );
      return 'dangling';
    }
    const ns = info.namespaced ? node.namespace : '';
    const known = this.graph.get(ref.uid);
    let owner = known ? this.current(known) : undefined;
    if (!owner) {
      if (this.absent.has(ref.uid)) return 'dangling';
      try {
        owner = await this.rc(info, ns).get(ref.name);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      if (!owner || owner.metadata?.uid !== ref.uid) {
        this.rememberAbsent(ref.uid);
        return 'dangling';
      }
    }
    const waiting =
      !!owner.metadata?.deletionTimestamp && (owner.metadata.finalizers ?? []).includes(FOREGROUND);
    return waiting ? 'waiting' : 'solid';
  }

  private rememberAbsent(uid: string): void {
    this.absent.add(uid);
    if (this.absent.size > ABSENT_CACHE_SIZE)
      this.absent.delete(this.absent.values().next().value!);
  }

  /** Orphan: strip the owner's reference from every dependent, then let the owner go. */
  private async orphanDependents(node: GraphNode, owner: ClientObject): Promise<void> {
    for (const depUid of this.graph.dependentsOf(node.uid)) {
      const depNode = this.graph.get(depUid);
      const dep = depNode && this.current(depNode);
      if (!depNode || !dep) continue;
      const refs = (dep.metadata?.ownerReferences ?? []).filter((r) => r.uid !== node.uid);
      try {
        await this.rc(depNode.info, depNode.namespace).patch(depNode.name, 'merge', {
          metadata: {
            ownerReferences: refs.length > 0 ? refs : null,
            resourceVersion: dep.metadata?.resourceVersion,
          },
        });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    await this.removeFinalizer(node, owner, ORPHAN);
  }

  /**
   * Foreground: each dependent's own sync deletes it (its owner is now "waiting"); the owner's
   * finalizer goes once no dependent that blocks it is left. Dependent deletions and reference
   * changes re-queue the owner, so this runs again as they go.
   */
  private async deleteDependentsFirst(node: GraphNode, owner: ClientObject): Promise<void> {
    let blocking = 0;
    for (const depUid of this.graph.dependentsOf(node.uid)) {
      const depNode = this.graph.get(depUid);
      const dep = depNode && this.current(depNode);
      if (!dep) continue;
      const ref = dep.metadata?.ownerReferences?.find((r) => r.uid === node.uid);
      if (ref?.blockOwnerDeletion) blocking++;
      if (!dep.metadata?.deletionTimestamp) this.enqueue(depUid);
    }
    if (blocking === 0) await this.removeFinalizer(node, owner, FOREGROUND);
  }

  private async removeFinalizer(node: GraphNode, obj: ClientObject, f: string): Promise<void> {
    const rest = (obj.metadata?.finalizers ?? []).filter((x) => x !== f);
    try {
      await this.rc(node.info, node.namespace).patch(node.name, 'merge', {
        metadata: {
          finalizers: rest.length > 0 ? rest : null,
          resourceVersion: obj.metadata?.resourceVersion,
        },
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}

/** The resource serving apiVersion/kind ("apps/v1", "ReplicaSet"), if this API has it. */
export function resourceForKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return MONITORED.find((r) => r.group === group && r.kind === kind);
}

/** The garbage collector, built from the controller manager's shared context. */
export function createGarbageCollector(ctx: ControllerContext): Controller {
  return new GarbageCollector(ctx);
}
