/**
 * Publishes pod status to the API server (PATCH pods/<name>/status), only when it changed since
 * the last report for that pod. The status is a merge patch of the whole status; arrays
 * (conditions, containerStatuses) are replaced as a unit, which is what the kubelet wants.
 * A pod that no longer exists (404) is simply forgotten. A static pod's status goes to its mirror
 * pod: same name, the mirror's uid (`apiPod`).
 */
import type { Pod, PodStatus } from 'kubernetes-types/core/v1';
import type { ApiClient } from '../client';
import { isNotFound } from '../client';
import { RESOURCES } from '../api/resources';
import { KUBELET_CONDITIONS } from './pod-status';

const PODS = RESOURCES.find((r) => r.resource === 'pods' && r.group === '')!;

/** The parts of a pod status the kubelet owns, for comparing the API's copy with its own. */
function owned(s: PodStatus | undefined): string {
  return JSON.stringify({
    phase: s?.phase,
    podIP: s?.podIP,
    startTime: s?.startTime,
    conditions: (s?.conditions ?? [])
      .filter((c) => KUBELET_CONDITIONS.has(c.type))
      .map((c) => [c.type, c.status, c.reason ?? '']),
    containerStatuses: s?.containerStatuses,
    initContainerStatuses: s?.initContainerStatuses,
  });
}

/** True when the API's copy (of a pod we reported on) disagrees with what the kubelet holds. */
export function needsReconcile(api: PodStatus | undefined, ours: PodStatus): boolean {
  return owned(api) !== owned(ours);
}

export class StatusManager {
  private readonly sent = new Map<string, string>();
  /** The newest status computed per pod, recorded before its PATCH is even sent. */
  private readonly latest = new Map<string, PodStatus>();
  /** Per pod, the resourceVersions our recent PATCHes started from and produced. */
  private readonly ours = new Map<string, string[]>();

  constructor(
    private readonly client: ApiClient,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  /** The newest status the kubelet computed for the pod (undefined if none). */
  last(uid: string): PodStatus | undefined {
    return this.latest.get(uid);
  }

  /** Sends status if it differs from what we last sent. Resolves true when it was written. */
  async set(pod: Pod, status: PodStatus, apiPod: Pod = pod): Promise<boolean> {
    const uid = pod.metadata!.uid!;
    const apiUid = apiPod.metadata!.uid!;
    // A re-created mirror pod has no status yet: the target's uid is part of "unchanged".
    const json = JSON.stringify({ apiUid, status });
    this.latest.set(uid, status);
    // Unchanged since the last report — unless someone else changed what we own in the API
    // (the node controller marks pods NotReady during a partition): then reconcile, as
    // upstream's status manager does.
    // A version of the object we wrote (or started from) is merely stale — the informer has not
    // seen our newest write yet; only a version someone else wrote can need reconciling.
    const rv = apiPod.metadata?.resourceVersion ?? '';
    if (
      this.sent.get(uid) === json &&
      (this.ours.get(uid)?.includes(rv) || !needsReconcile(apiPod.status, status))
    )
      return false;
    try {
      const written = await this.client
        .resource<Pod>(PODS)
        .namespace(pod.metadata!.namespace ?? 'default')
        .patch(
          pod.metadata!.name!,
          'merge',
          { metadata: { uid: apiUid }, status },
          { subresource: 'status', fieldManager: 'kubelet' },
        );
      this.sent.set(uid, json);
      const rvs = [apiPod.metadata?.resourceVersion ?? '', written.metadata?.resourceVersion ?? ''];
      this.ours.set(uid, [...(this.ours.get(uid) ?? []), ...rvs].slice(-8));
      return true;
    } catch (e) {
      if (!isNotFound(e)) this.onError(e);
      return false;
    }
  }

  forget(uid: string): void {
    this.sent.delete(uid);
    this.latest.delete(uid);
    this.ours.delete(uid);
  }
}
