/**
 * The generic PLEG (pod lifecycle event generator): relist the runtime's containers every
 * `plegRelistPeriod` and report the pods whose containers changed state since the last relist, plus
 * pods the kubelet does not know that still have running containers (left from before a restart,
 * or force-deleted while it was down). containerd 1.6 has no container events, so polling it is.
 */
import type { RuntimeService } from './cri/runtime-service';
import { LABELS } from './cri/runtime-service';

export class Pleg {
  private seen = new Map<string, string>();

  constructor(private readonly runtime: Pick<RuntimeService, 'listContainers'>) {}

  /** undefined when the runtime did not answer. */
  async relist(): Promise<{ changed: Set<string>; running: Set<string> } | undefined> {
    let containers;
    try {
      ({ containers } = await this.runtime.listContainers({}));
    } catch {
      return undefined;
    }
    const seen = new Map<string, string>();
    const changed = new Set<string>();
    const running = new Set<string>();
    for (const c of containers) {
      const uid = c.labels[LABELS.podUid];
      if (!uid) continue;
      seen.set(c.id, c.state);
      if (this.seen.get(c.id) !== c.state) changed.add(uid);
      if (c.state === 'CONTAINER_RUNNING') running.add(uid);
    }
    this.seen = seen;
    return { changed, running };
  }
}
