/**
 * Controller references: the ownerReference with `controller: true` that says which single owner
 * manages an object (a pod's ReplicaSet, a ReplicaSet's Deployment). Controllers select their
 * objects by this reference, not by labels alone, so two controllers with overlapping selectors
 * never fight over the same pod.
 */
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import type { ClientObject } from '../../client';
import type { GroupVersionKind } from './workload-refs';

/** The object's controller reference, if any. */
export function controllerRefOf(obj: ClientObject): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}

/**
 * The reference a controller puts on everything it creates. blockOwnerDeletion makes a
 * foreground delete of the owner wait for this object to be gone (k8s-internals §2.6).
 */
export function newControllerRef(owner: ClientObject, gvk: GroupVersionKind): OwnerReference {
  return {
    apiVersion: gvk.apiVersion,
    kind: gvk.kind,
    name: owner.metadata!.name!,
    uid: owner.metadata!.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** True when obj's controller reference names owner (by uid, which survives nothing but owner). */
export function isControlledBy(obj: ClientObject, owner: ClientObject): boolean {
  const ref = controllerRefOf(obj);
  return !!ref && ref.uid === owner.metadata?.uid;
}
