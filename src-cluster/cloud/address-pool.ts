/**
 * The load-balancer address pool. It keeps no state of its own: which addresses are taken is read
 * from the Services' status each time (the API is the source of truth), so a restarted or newly
 * elected cloud controller continues where the last one stopped and never hands out an address
 * twice.
 */
export class PoolError extends Error {}

function toInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new PoolError(`not an IPv4 address: "${ip}"`);
  }
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

function toIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export class AddressPool {
  private readonly first: number;
  private readonly last: number;

  /** `range` is "a.b.c.d-a.b.c.e" (inclusive) or a CIDR (network and broadcast excluded). */
  constructor(readonly range: string) {
    const dash = range.indexOf('-');
    if (dash !== -1) {
      this.first = toInt(range.slice(0, dash).trim());
      this.last = toInt(range.slice(dash + 1).trim());
    } else {
      const [ip, bitsRaw] = range.split('/');
      const bits = Number(bitsRaw);
      if (!ip || !Number.isInteger(bits) || bits < 8 || bits > 30) {
        throw new PoolError(`pool must be "first-last" or a CIDR /8-/30, got "${range}"`);
      }
      const size = 2 ** (32 - bits);
      const base = toInt(ip) - (toInt(ip) % size);
      this.first = base + 1;
      this.last = base + size - 2;
    }
    if (this.last < this.first) throw new PoolError(`empty pool "${range}"`);
  }

  contains(ip: string): boolean {
    try {
      const n = toInt(ip);
      return n >= this.first && n <= this.last;
    } catch {
      return false;
    }
  }

  size(): number {
    return this.last - this.first + 1;
  }

  /** The requested address if it is in the pool and free, else the lowest free one, else null. */
  allocate(taken: ReadonlySet<string>, requested?: string): string | null {
    if (requested) return this.contains(requested) && !taken.has(requested) ? requested : null;
    for (let n = this.first; n <= this.last; n++) {
      const ip = toIp(n);
      if (!taken.has(ip)) return ip;
    }
    return null;
  }
}
