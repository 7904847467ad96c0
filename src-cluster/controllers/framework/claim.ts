/**
 * Adoption and release (k8s-internals §4.2): a controller owns the objects whose controller
 * reference names it. An orphan whose labels match its selector is adopted (the reference is
 * patched in); an owned object whose labels no longer match is released (the reference is
 * patched out), which is how `kubectl label pod … app-` takes a pod out of a ReplicaSet for
 * debugging while the ReplicaSet makes a replacement.
 *
 * Every patch carries the object's resourceVersion, so a concurrent change makes it fail with a
 * conflict instead of overwriting someone else's ownerReferences; the caller's sync retries.
 */
import type { LabelSelector, OwnerReference } from 'kubernetes-types/meta/v1';
import {
  isNotFound,
  labelSelectorMatches,
  type ClientObject,
  type ResourceClient,
} from '../../client';
import { controllerRefOf, newControllerRef } from './controller-ref';
import type { GroupVersionKind } from './workload-refs';

export interface ClaimOptions<T extends ClientObject> {
  /** The owner as cached. */
  owner: ClientObject;
  ownerKind: GroupVersionKind;
  selector: LabelSelector;
  /** The candidates' resource, scoped to the owner's namespace. */
  client: ResourceClient<T>;
  /**
   * Reads the owner from the API server. Adoption asks once per claim whether the owner still
   * exists with the same uid and is not being deleted: the cache may be older than a delete, and
   * adopting into a dying owner would hand the pods to the garbage collector.
   */
  readOwner: () => Promise<ClientObject | undefined>;
}

/** The candidates the owner controls after adopting and releasing as needed. */
export async function claimObjects<T extends ClientObject>(
  candidates: readonly T[],
  opts: ClaimOptions<T>,
): Promise<T[]> {
  const uid = opts.owner.metadata?.uid;
  const ownerDeleting = !!opts.owner.metadata?.deletionTimestamp;
  const claimed: T[] = [];
  let mayAdopt: boolean | undefined;
  for (const obj of candidates) {
    const ref = controllerRefOf(obj);
    const matches = labelSelectorMatches(opts.selector, obj.metadata?.labels);
    if (ref) {
      if (ref.uid !== uid) continue;
      // A dying owner keeps what it has, so the garbage collector can see its dependents.
      if (matches || ownerDeleting) claimed.push(obj);
      else await release(obj, uid!, opts.client);
      continue;
    }
    if (!matches || ownerDeleting || obj.metadata?.deletionTimestamp) continue;
    mayAdopt ??= await ownerStillValid(opts);
    if (!mayAdopt) continue;
    const adopted = await adopt(obj, newControllerRef(opts.owner, opts.ownerKind), opts.client);
    if (adopted) claimed.push(adopted);
  }
  return claimed;
}

async function ownerStillValid<T extends ClientObject>(opts: ClaimOptions<T>): Promise<boolean> {
  const fresh = await opts.readOwner();
  return (
    !!fresh &&
    fresh.metadata?.uid === opts.owner.metadata?.uid &&
    !fresh.metadata?.deletionTimestamp
  );
}

async function adopt<T extends ClientObject>(
  obj: T,
  ref: OwnerReference,
  client: ResourceClient<T>,
): Promise<T | undefined> {
  const refs = [...(obj.metadata?.ownerReferences ?? []), ref];
  try {
    return await client.patch(obj.metadata!.name!, 'merge', {
      metadata: { ownerReferences: refs, resourceVersion: obj.metadata?.resourceVersion },
    });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

async function release<T extends ClientObject>(
  obj: T,
  ownerUid: string,
  client: ResourceClient<T>,
): Promise<void> {
  const refs = (obj.metadata?.ownerReferences ?? []).filter((r) => r.uid !== ownerUid);
  try {
    await client.patch(obj.metadata!.name!, 'merge', {
      metadata: {
        ownerReferences: refs.length > 0 ? refs : null,
        resourceVersion: obj.metadata?.resourceVersion,
      },
    });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
