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

const PODS = RESOURCES.find((r) => r.resource === 'pods' && r.group === '')!;

export class StatusManager {
  private readonly sent = new Map<string, string>();

  constructor(
    private readonly client: ApiClient,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  /** The last status we reported for the pod (undefined if none). */
  last(uid: string): PodStatus | undefined {
    const s = this.sent.get(uid);
    return s ? (JSON.parse(s) as { status: PodStatus }).status : undefined;
  }

  /** Sends status if it differs from what we last sent. Resolves true when it was written. */
  async set(pod: Pod, status: PodStatus, apiPod: Pod = pod): Promise<boolean> {
    const uid = pod.metadata!.uid!;
    const apiUid = apiPod.metadata!.uid!;
    // A re-created mirror pod has no status yet: the target's uid is part of "unchanged".
    const json = JSON.stringify({ apiUid, status });
    if (this.sent.get(uid) === json) return false;
    try {
      await this.client
        .resource<Pod>(PODS)
        .namespace(pod.metadata!.namespace ?? 'default')
        .patch(
          pod.metadata!.name!,
          'merge',
          { metadata: { uid: apiUid }, status },
          { subresource: 'status', fieldManager: 'kubelet' },
        );
      this.sent.set(uid, json);
      return true;
    } catch (e) {
      if (!isNotFound(e)) this.onError(e);
      return false;
    }
  }

  forget(uid: string): void {
    this.sent.delete(uid);
  }
}
