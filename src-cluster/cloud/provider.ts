/**
 * What the cloud controller asks "the cloud" — in kubelab, the lab host (VM mode) or the embedded
 * cluster (no-VM mode), which are the only ones that know which machines really exist.
 *
 * Contract: instanceExists answers for the machine named like the Node; it must say `true` when
 * unsure (a transient failure must never get a live node deleted), and `false` only when the
 * machine is known to be gone.
 */
export interface LabCloud {
  instanceExists(nodeName: string): Promise<boolean>;
  /** The load-balancer address pool: "10.10.0.200-10.10.0.250" or a CIDR. */
  readonly loadBalancerRange: string;
}

/** The default pool: the top of the lab segment (nodes are 10.10.0.11…), outside any node IP. */
export const DEFAULT_LB_RANGE = '10.10.0.200-10.10.0.250';

/** A LabCloud over a callback, for compositions that keep the node list themselves. */
export function labCloud(
  exists: (nodeName: string) => boolean | Promise<boolean>,
  loadBalancerRange = DEFAULT_LB_RANGE,
): LabCloud {
  return {
    loadBalancerRange,
    instanceExists: async (n) => {
      try {
        return await exists(n);
      } catch {
        return true;
      }
    },
  };
}
