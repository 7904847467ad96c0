/**
 * Creating pods for a controller: a pod built from the owner's template carries the template's
 * labels, annotations and spec, a generateName of `<owner>-` (the API server appends 5 random
 * characters) and the owner's controller reference. Creations go out in slow-start batches of
 * 1, 2, 4, 8 … and stop at the first failure, so a quota or admission error costs one request
 * instead of hundreds (k8s-internals §4.2).
 */
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { ObjectReference } from 'kubernetes-types/core/v1';
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { isNotFound } from '../../client';
import type { EventRecorder } from '../../client/events/event-recorder';
import type { ControllerExpectations } from './expectations';

/** Upstream's burstReplicas: the most pods one sync creates or deletes. */
export const BURST_REPLICAS = 500;

/** A new pod (not yet created) from a controller's template. Never shares objects with it. */
export function podFromTemplate(
  template: PodTemplateSpec,
  namespace: string,
  generateName: string,
  controllerRef: OwnerReference,
): Pod {
  const t = structuredClone(template);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName,
      namespace,
      ...(t.metadata?.labels ? { labels: t.metadata.labels } : {}),
      ...(t.metadata?.annotations ? { annotations: t.metadata.annotations } : {}),
      ...(t.metadata?.finalizers ? { finalizers: t.metadata.finalizers } : {}),
      ownerReferences: [controllerRef],
    },
    spec: t.spec!,
  };
}

export interface SlowStartResult {
  /** Calls that succeeded. */
  succeeded: number;
  /** Calls never made because an earlier batch failed. */
  skipped: number;
  /** The failures of the last batch that ran (empty when all succeeded). */
  errors: unknown[];
}

/**
 * Calls fn `count` times in batches that double from `initialBatch`, running each batch in
 * parallel; stops after the first batch with a failure. The caller lowers its expectations by
 * `skipped` + errors.length, since those objects will never show up.
 */
export async function slowStartBatch(
  count: number,
  initialBatch: number,
  fn: () => Promise<void>,
): Promise<SlowStartResult> {
  let remaining = count;
  let succeeded = 0;
  let batch = Math.min(remaining, Math.max(1, initialBatch));
  while (batch > 0) {
    const results = await Promise.allSettled(Array.from({ length: batch }, () => fn()));
    const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    succeeded += batch - errors.length;
    remaining -= batch;
    if (errors.length > 0) return { succeeded, skipped: remaining, errors };
    batch = Math.min(remaining, batch * 2);
  }
  return { succeeded, skipped: 0, errors: [] };
}

/** What deletePods needs: the pods' namespace client, the owner's expectations and its events. */
export interface PodDeletion {
  key: string;
  pods: readonly Pod[];
  podClient: { delete(name: string, opts: { preconditions: { uid?: string } }): Promise<unknown> };
  expectations: ControllerExpectations;
  recorder: EventRecorder;
  ref: ObjectReference;
}

/**
 * Deletes pods for their owner, the way upstream's PodControl does: each deletion is expected
 * first (so the next sync waits for the cache to catch up), guarded by the pod's UID, and recorded
 * as SuccessfulDelete or FailedDelete; a pod already gone counts as observed. Throws the first
 * failure after every deletion was attempted.
 */
export async function deletePods(d: PodDeletion): Promise<void> {
  d.expectations.expectDeletions(
    d.key,
    d.pods.map((p) => p.metadata?.uid ?? ''),
  );
  const results = await Promise.allSettled(
    d.pods.map(async (p) => {
      try {
        await d.podClient.delete(p.metadata!.name!, { preconditions: { uid: p.metadata?.uid } });
        d.recorder.event(d.ref, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata?.name}`);
      } catch (err) {
        d.expectations.deletionObserved(d.key, p.metadata?.uid ?? '');
        if (isNotFound(err)) return;
        const msg = err instanceof Error ? err.message : String(err);
        d.recorder.event(d.ref, 'Warning', 'FailedDelete', `Error deleting: ${msg}`);
        throw err;
      }
    }),
  );
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
}
