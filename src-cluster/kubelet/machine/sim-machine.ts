/**
 * A simulated node's machine (no-VM mode): the capacity it was configured with, a modelled disk,
 * and memory.available = capacity − what the sim containers use, so a memory-hungry sim pod can
 * still put the node under MemoryPressure. Ids are derived from the node name so they are stable
 * across restarts and distinct per node.
 */
import { parseQuantity } from '../../api/quantity';
import type { EvictionSignals, Machine, MachineFacts } from './machine';
import { uuidFrom } from './host-machine';

/** A short stable hex id from the node name (machineID, systemUUID). */
export function nodeId(name: string, salt: string): string {
  let h = 0x811c9dc5;
  for (const ch of salt + name) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return (h.toString(16).padStart(8, '0') + '0000000000000000000000000').slice(0, 32);
}

const SIM_DISK_BYTES = 20 * 1024 ** 3;

export class SimMachine implements Machine {
  private readonly memoryBytes: number;

  constructor(
    private readonly nodeName: string,
    private readonly capacity: { cpu: string; memory: string },
  ) {
    this.memoryBytes = parseQuantity(capacity.memory).value();
  }

  facts(): MachineFacts {
    return {
      cpu: this.capacity.cpu,
      memoryBytes: this.memoryBytes,
      ephemeralStorageBytes: SIM_DISK_BYTES,
      kernelVersion: '6.1.0-kubelab-sim',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      machineID: nodeId(this.nodeName, 'machine'),
      systemUUID: uuidFrom(nodeId(this.nodeName, 'uuid')),
    };
  }

  signals(containersWorkingSetBytes: number): EvictionSignals {
    return {
      memoryAvailableBytes: this.memoryBytes - containersWorkingSetBytes,
      // The sim's disk never fills: half of it is always free.
      nodefsAvailableBytes: SIM_DISK_BYTES / 2,
      nodefsCapacityBytes: SIM_DISK_BYTES,
    };
  }
}
