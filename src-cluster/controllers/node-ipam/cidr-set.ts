/**
 * The pod-CIDR pool of the node IPAM controller: the cluster CIDR (`--cluster-cidr`,
 * 10.244.0.0/16) cut into subnets of `--node-cidr-mask-size` bits (/24 → 256 of them), each
 * either free or taken.
 *
 * Contract: allocate() hands out the lowest free subnet — deterministic, so a lab shows node 1
 * on 10.244.0.0/24, node 2 on 10.244.1.0/24, and a range freed by a deleted node is the next one
 * given out; occupy() marks a range found on a Node (restart recovery) and refuses one outside
 * the pool or misaligned; release() frees. IPv4 only.
 */

export class CidrError extends Error {}

export class CidrFullError extends CidrError {}

export function ipToInt(ip: string): number {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
    throw new CidrError(`"${ip}" is not an IPv4 address`);
  }
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function parseCidr(cidr: string): { base: number; bits: number } {
  const m = /^([\d.]+)\/(\d{1,2})$/.exec(cidr.trim());
  if (!m || Number(m[2]) > 32) throw new CidrError(`"${cidr}" is not an IPv4 CIDR`);
  const bits = Number(m[2]);
  const size = 2 ** (32 - bits);
  const ip = ipToInt(m[1]!);
  return { base: ip - (ip % size), bits };
}

export class CidrSet {
  private readonly base: number;
  private readonly clusterBits: number;
  private readonly used: Uint8Array;

  constructor(
    readonly clusterCidr: string,
    readonly maskSize: number,
  ) {
    const { base, bits } = parseCidr(clusterCidr);
    if (!Number.isInteger(maskSize) || maskSize < bits || maskSize > 32) {
      throw new CidrError(
        `--node-cidr-mask-size ${maskSize} must lie between the cluster CIDR's prefix /${bits} and /32`,
      );
    }
    // Upstream caps the pool at 2^16 subnets; beyond that a bitmap is the wrong structure anyway.
    if (maskSize - bits > 16) {
      throw new CidrError(
        `--node-cidr-mask-size ${maskSize} cuts ${clusterCidr} into too many ranges`,
      );
    }
    this.base = base;
    this.clusterBits = bits;
    this.used = new Uint8Array(2 ** (maskSize - bits));
  }

  get capacity(): number {
    return this.used.length;
  }

  get allocated(): number {
    return this.used.reduce((n, u) => n + u, 0);
  }

  private subnetSize(): number {
    return 2 ** (32 - this.maskSize);
  }

  private cidrAt(index: number): string {
    return `${intToIp(this.base + index * this.subnetSize())}/${this.maskSize}`;
  }

  /** The pool index of `cidr`; throws when it is not one of the pool's subnets. */
  indexOf(cidr: string): number {
    const { base, bits } = parseCidr(cidr);
    const offset = base - this.base;
    const inPool = offset >= 0 && offset < this.used.length * this.subnetSize();
    if (bits !== this.maskSize || !inPool || ipToInt(cidr.split('/')[0]!) !== base) {
      throw new CidrError(
        `${cidr} is not a /${this.maskSize} range of the cluster CIDR ${this.clusterCidr}`,
      );
    }
    return offset / this.subnetSize();
  }

  allocate(): string {
    const index = this.used.indexOf(0);
    if (index < 0) {
      throw new CidrFullError(
        `no /${this.maskSize} left in ${this.clusterCidr} (all ${this.capacity} are allocated)`,
      );
    }
    this.used[index] = 1;
    return this.cidrAt(index);
  }

  /** Marks `cidr` taken; returns false when it already was. */
  occupy(cidr: string): boolean {
    const index = this.indexOf(cidr);
    if (this.used[index]) return false;
    this.used[index] = 1;
    return true;
  }

  release(cidr: string): void {
    this.used[this.indexOf(cidr)] = 0;
  }

  isAllocated(cidr: string): boolean {
    return this.used[this.indexOf(cidr)] === 1;
  }

  /** The prefix length of the cluster CIDR (16 for 10.244.0.0/16). */
  get clusterPrefix(): number {
    return this.clusterBits;
  }
}
