/**
 * Creating pods for a controller: a pod built from the owner's template carries the template's
 * labels, annotations and spec, a generateName of `<owner>-` (the API server appends 5 random
 * characters) and the owner's controller reference. Creations go out in slow-start batches of
 * 1, 2, 4, 8 … and stop at the first failure, so a quota or admission error costs one request
 * instead of hundreds (k8s-internals §4.2).
 */
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { OwnerReference } from 'kubernetes-types/meta/v1';

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
