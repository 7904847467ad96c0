/**
 * The real machine: capacity from the kernel (CPU count, MemTotal, the size of the filesystem
 * holding the kubelet's root dir), identity from /etc/os-release, /etc/machine-id and the kernel
 * release, and live eviction signals.
 *
 * memory.available is MemAvailable from /proc/meminfo. Upstream derives it from the root cgroup's
 * working set (capacity − (usage − inactive_file)); MemAvailable is the kernel's own estimate of
 * the same quantity (free + reclaimable page cache) and needs no cgroup v1/v2 special-casing,
 * which matters on machines where PID 1 is not systemd and the root cgroup has no memory.current.
 */
import { readFileSync, statfsSync } from 'node:fs';
import { cpus, release } from 'node:os';
import type { EvictionSignals, Machine, MachineFacts } from './machine';

/** Reads one `Key:   N kB` line of /proc/meminfo-formatted text, in bytes. */
export function meminfoBytes(text: string, key: string): number | undefined {
  const m = new RegExp(`^${key}:\\s+(\\d+)\\s*kB`, 'm').exec(text);
  return m ? Number(m[1]) * 1024 : undefined;
}

/** PRETTY_NAME from os-release text (unquoted), or undefined. */
export function prettyName(osRelease: string): string | undefined {
  const m = /^PRETTY_NAME=(.*)$/m.exec(osRelease);
  return m ? m[1]!.trim().replace(/^"(.*)"$/, '$1') : undefined;
}

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

/** A 32-hex machine id shaped as a UUID (what the Node's systemUUID looks like). */
export function uuidFrom(hex32: string): string {
  return hex32.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
}

export interface HostMachineOptions {
  /** The kubelet's root dir; nodefs is the filesystem it lives on. */
  rootDir: string;
  /** Test seam: where /proc/meminfo and friends are read from. */
  read?: (path: string) => string;
}

export class HostMachine implements Machine {
  private readonly read: (path: string) => string;
  private cached: MachineFacts | undefined;

  constructor(private readonly opts: HostMachineOptions) {
    this.read = opts.read ?? ((p) => readOr(p, ''));
  }

  private fs(): { capacity: number; available: number } {
    const s = statfsSync(this.opts.rootDir);
    // bavail, not bfree: what an unprivileged writer (a container) can still use.
    return { capacity: s.blocks * s.bsize, available: s.bavail * s.bsize };
  }

  facts(): MachineFacts {
    if (this.cached) return this.cached;
    const meminfo = this.read('/proc/meminfo');
    const machineID = this.read('/etc/machine-id').trim() || '0'.repeat(32);
    const uuid = this.read('/sys/class/dmi/id/product_uuid').trim();
    this.cached = {
      cpu: String(cpus().length),
      memoryBytes: meminfoBytes(meminfo, 'MemTotal') ?? 0,
      ephemeralStorageBytes: this.fs().capacity,
      kernelVersion: release(),
      osImage: prettyName(this.read('/etc/os-release')) ?? 'Linux',
      machineID,
      // Containers and VMs without DMI have no product_uuid; the machine id is the stable stand-in.
      systemUUID: uuid || uuidFrom(machineID),
      bootID: this.read('/proc/sys/kernel/random/boot_id').trim() || undefined,
    };
    return this.cached;
  }

  signals(): EvictionSignals {
    const meminfo = this.read('/proc/meminfo');
    const fs = this.fs();
    return {
      memoryAvailableBytes: meminfoBytes(meminfo, 'MemAvailable') ?? 0,
      nodefsAvailableBytes: fs.available,
      nodefsCapacityBytes: fs.capacity,
    };
  }
}
