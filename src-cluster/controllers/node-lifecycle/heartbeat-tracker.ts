/**
 * When did we last hear from each node's kubelet? A heartbeat is a change of the node's Lease
 * renewTime (kube-node-lease/<node>, every 10 s) or of its Ready condition's lastHeartbeatTime.
 *
 * Times are recorded on the controller's own Clock at the moment a change is observed, never read
 * from the timestamps themselves: those come from the kubelet's clock, which may be skewed, and
 * only the fact that they changed matters (upstream's probeTimestamp does the same).
 */
import type { Clock } from '../../../src-shared/util/clock';

interface Seen {
  lease?: string;
  status?: string;
  /** Controller clock time of the last observed change. */
  at: number;
}

export class HeartbeatTracker {
  private readonly nodes = new Map<string, Seen>();

  constructor(private readonly clock: Clock) {}

  /** Records the lease's renewTime; a new value is a heartbeat. */
  observeLease(node: string, renewTime: string | undefined): void {
    this.observe(node, 'lease', renewTime);
  }

  /** Records the Ready condition's lastHeartbeatTime; a new value is a heartbeat. */
  observeStatus(node: string, heartbeatTime: string | undefined): void {
    this.observe(node, 'status', heartbeatTime);
  }

  /**
   * Controller clock time of the last heartbeat. A node seen for the first time counts as having
   * just reported, so a restarted controller grants every node a full grace period.
   */
  lastHeartbeat(node: string): number {
    let seen = this.nodes.get(node);
    if (!seen) {
      seen = { at: this.clock.now() };
      this.nodes.set(node, seen);
    }
    return seen.at;
  }

  forget(node: string): void {
    this.nodes.delete(node);
  }

  private observe(node: string, source: 'lease' | 'status', value: string | undefined): void {
    if (!value) return;
    const seen = this.nodes.get(node);
    if (!seen) {
      this.nodes.set(node, { [source]: value, at: this.clock.now() });
      return;
    }
    if (seen[source] === value) return;
    seen[source] = value;
    seen.at = this.clock.now();
  }
}
