/**
 * Pod IPs from the node's pod CIDR, as the bridge/host-local CNI plugins hand them out: .1 is the
 * bridge gateway, pods get .2 upwards, released addresses are reused after the pool wraps.
 */

function toInt(ip: string): number {
  return ip.split('.').reduce((a, o) => (a << 8) + Number(o), 0) >>> 0;
}

function toIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export class IpPool {
  private readonly base: number;
  private readonly size: number;
  private readonly used = new Set<number>();
  private next = 2;

  constructor(readonly cidr: string) {
    const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(cidr);
    if (!m) throw new Error(`invalid pod CIDR "${cidr}"`);
    const bits = Number(m[2]);
    this.size = 2 ** (32 - bits);
    this.base = (toInt(m[1]!) & ~(this.size - 1)) >>> 0;
  }

  /** The next free address; throws when the range is exhausted. */
  allocate(): string {
    for (let tried = 0; tried < this.size; tried++) {
      const off = this.next;
      this.next = this.next + 1 >= this.size - 1 ? 2 : this.next + 1;
      if (!this.used.has(off)) {
        this.used.add(off);
        return toIp(this.base + off);
      }
    }
    throw new Error(`failed to allocate for range ${this.cidr}: no IP addresses available`);
  }

  release(ip: string): void {
    this.used.delete(toInt(ip) - this.base);
  }
}

/** A /24 inside 10.244.0.0/16 derived from the node name, for when no pod CIDR was assigned. */
export function fallbackPodCidr(nodeName: string): string {
  let h = 0;
  for (const ch of nodeName) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `10.244.${100 + (h % 150)}.0/24`;
}
