/**
 * The machine a kubelet runs on, as the Node object reports it: fixed facts (capacity, kernel, OS,
 * ids) and the eviction signals that drive the pressure conditions. Two implementations behind
 * this seam: HostMachine reads the real machine (a VM node, or `--host-node`), SimMachine models a
 * no-VM node from its configured capacity and the sim containers' memory use.
 */

export interface MachineFacts {
  /** Logical CPUs, as a quantity string ('2', '500m'). */
  cpu: string;
  memoryBytes: number;
  /** Size of the filesystem holding the kubelet's root dir (ephemeral-storage capacity). */
  ephemeralStorageBytes: number;
  kernelVersion: string;
  osImage: string;
  /** /etc/machine-id (32 hex digits) or a stable id derived from the node name. */
  machineID: string;
  systemUUID: string;
  /** /proc/sys/kernel/random/boot_id on a real machine; a sim node has none. */
  bootID?: string;
}

/**
 * The eviction signals upstream's eviction manager computes (k8s-internals §5): memory.available
 * and nodefs.available/capacity. Bytes.
 */
export interface EvictionSignals {
  memoryAvailableBytes: number;
  nodefsAvailableBytes: number;
  nodefsCapacityBytes: number;
}

export interface Machine {
  facts(): MachineFacts;
  /**
   * Current signals. `containersWorkingSetBytes` is what the runtime reports the containers use
   * (from CRI stats); a real machine measures memory itself and may ignore it.
   */
  signals(containersWorkingSetBytes: number): EvictionSignals;
}
