/**
 * What the collector does with an object, given the state of each owner it names (pure;
 * k8s-internals §2.6):
 * - any owner still *solid* (exists, not being foreground-deleted): keep the object, but drop
 *   references to owners that are gone, and stop blocking owners that are waiting on dependents
 *   (this object will not be deleted, so they must not wait for it);
 * - otherwise, some owner *waiting* (foreground deletion in progress): delete the object — in
 *   the foreground too when it has dependents of its own, so the wait propagates down the chain;
 * - every owner *dangling* (gone): delete the object in the background.
 */
import type { OwnerReference } from 'kubernetes-types/meta/v1';

export type OwnerState = 'solid' | 'dangling' | 'waiting';

export type Decision =
  | { action: 'keep' }
  | { action: 'rewrite-refs'; ownerReferences: OwnerReference[] }
  | { action: 'delete'; propagationPolicy: 'Background' | 'Foreground' };

export function decide(
  owners: readonly { ref: OwnerReference; state: OwnerState }[],
  hasDependents: boolean,
): Decision {
  if (owners.length === 0) return { action: 'keep' };
  const solid = owners.some((o) => o.state === 'solid');
  if (solid) {
    const needsRewrite = owners.some(
      (o) => o.state === 'dangling' || (o.state === 'waiting' && o.ref.blockOwnerDeletion),
    );
    if (!needsRewrite) return { action: 'keep' };
    const ownerReferences = owners
      .filter((o) => o.state !== 'dangling')
      .map((o) => (o.state === 'waiting' ? { ...o.ref, blockOwnerDeletion: false } : o.ref));
    return { action: 'rewrite-refs', ownerReferences };
  }
  if (owners.some((o) => o.state === 'waiting')) {
    return { action: 'delete', propagationPolicy: hasDependents ? 'Foreground' : 'Background' };
  }
  return { action: 'delete', propagationPolicy: 'Background' };
}
