/**
 * The garbage collector's picture of ownership (k8s-internals §2.6): every object it watches,
 * by uid, with the owners its ownerReferences name, and the reverse index from an owner's uid to
 * its dependents. Owners need not be known objects: a dependent can name an owner that was never
 * seen (created by someone else, not yet observed, or already gone), which is exactly the case
 * the collector exists to resolve.
 */
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import type { ResourceInfo } from '../../api/resources';
import type { ClientObject } from '../../client';

/** Where an observed object lives, so its current state can be read from the right cache. */
export interface GraphNode {
  info: ResourceInfo;
  namespace: string;
  name: string;
  uid: string;
  owners: readonly OwnerReference[];
}

export class DependencyGraph {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly dependents = new Map<string, Set<string>>();

  get(uid: string): GraphNode | undefined {
    return this.nodes.get(uid);
  }

  /** Uids of the objects whose ownerReferences name ownerUid. */
  dependentsOf(ownerUid: string): string[] {
    return [...(this.dependents.get(ownerUid) ?? [])];
  }

  /** Records obj's current owners; returns the owner uids it no longer names. */
  upsert(obj: ClientObject, info: ResourceInfo): string[] {
    const uid = obj.metadata?.uid;
    if (!uid) return [];
    const prev = this.nodes.get(uid);
    const owners = obj.metadata?.ownerReferences ?? [];
    const now = new Set(owners.map((o) => o.uid));
    const dropped = (prev?.owners ?? []).map((o) => o.uid).filter((u) => !now.has(u));
    for (const u of dropped) this.unlink(u, uid);
    for (const u of now) {
      let set = this.dependents.get(u);
      if (!set) this.dependents.set(u, (set = new Set()));
      set.add(uid);
    }
    this.nodes.set(uid, {
      info,
      namespace: obj.metadata?.namespace ?? '',
      name: obj.metadata!.name!,
      uid,
      owners,
    });
    return dropped;
  }

  /** Forgets obj; its dependents keep naming it (they are what must now be collected). */
  remove(uid: string): GraphNode | undefined {
    const node = this.nodes.get(uid);
    if (!node) return undefined;
    for (const o of node.owners) this.unlink(o.uid, uid);
    this.nodes.delete(uid);
    return node;
  }

  private unlink(ownerUid: string, depUid: string): void {
    const set = this.dependents.get(ownerUid);
    set?.delete(depUid);
    if (set && set.size === 0) this.dependents.delete(ownerUid);
  }
}
