/**
 * Allocates Service cluster IPs and node ports. Each allocation is a key in the store
 * (/registry/ranges/serviceips/<ip>, /registry/ranges/servicenodeports/<port>) created with
 * create-if-absent, so several API servers sharing one store can never hand out the same value.
 */
import { randomInt } from 'node:crypto';
import { KeyExistsError, type Store } from '../../../store/store';

export interface ServiceRanges {
  /** Service CIDR; upstream kubeadm default 10.96.0.0/12. */
  serviceCidr: string;
  nodePortRange: [number, number];
}

export const DEFAULT_RANGES: ServiceRanges = {
  serviceCidr: '10.96.0.0/12',
  nodePortRange: [30000, 32767],
};

export class RangeFullError extends Error {}
export class AlreadyAllocatedError extends Error {}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function parseCidr(cidr: string): { base: number; size: number } {
  const [ip, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return { base: ipToInt(ip!) - (ipToInt(ip!) % size), size };
}

export function ipInCidr(ip: string, cidr: string): boolean {
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return false;
  const { base, size } = parseCidr(cidr);
  const n = ipToInt(ip);
  return n >= base && n < base + size;
}

export class ServiceAllocator {
  constructor(
    private readonly store: Store,
    readonly ranges: ServiceRanges = DEFAULT_RANGES,
  ) {}

  private async claim(key: string): Promise<boolean> {
    try {
      await this.store.create(key, '{}');
      return true;
    } catch (err) {
      if (err instanceof KeyExistsError) return false;
      throw err;
    }
  }

  /** Reserves a specific IP (the kubernetes and DNS Services ask for theirs). */
  async reserveIp(ip: string): Promise<void> {
    if (!(await this.claim(`/registry/ranges/serviceips/${ip}`))) {
      throw new AlreadyAllocatedError(`provided IP is already allocated`);
    }
  }

  /** Picks a free IP, starting at a random offset; the network and first address are skipped. */
  async allocateIp(): Promise<string> {
    const { base, size } = parseCidr(this.ranges.serviceCidr);
    const start = randomInt(2, size - 1);
    for (let i = 0; i < size - 3; i++) {
      const offset = 2 + ((start - 2 + i) % (size - 3));
      const ip = intToIp(base + offset);
      if (await this.claim(`/registry/ranges/serviceips/${ip}`)) return ip;
    }
    throw new RangeFullError(`range is full: no free IP in ${this.ranges.serviceCidr}`);
  }

  async releaseIp(ip: string): Promise<void> {
    await this.store.delete(`/registry/ranges/serviceips/${ip}`);
  }

  async reservePort(port: number): Promise<void> {
    if (!(await this.claim(`/registry/ranges/servicenodeports/${port}`))) {
      throw new AlreadyAllocatedError(`provided port is already allocated`);
    }
  }

  async allocatePort(): Promise<number> {
    const [lo, hi] = this.ranges.nodePortRange;
    const n = hi - lo + 1;
    const start = randomInt(0, n);
    for (let i = 0; i < n; i++) {
      const port = lo + ((start + i) % n);
      if (await this.claim(`/registry/ranges/servicenodeports/${port}`)) return port;
    }
    throw new RangeFullError(`range is full: no free node port in ${lo}-${hi}`);
  }

  async releasePort(port: number): Promise<void> {
    await this.store.delete(`/registry/ranges/servicenodeports/${port}`);
  }
}
