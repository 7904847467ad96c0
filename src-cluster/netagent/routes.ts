/**
 * Host-gw routing, the pure part: every node owns a pod CIDR (IPAM writes `spec.podCIDRs`), and a
 * node reaches another node's pods by sending them to that node's address —
 * `<other podCIDR> via <other InternalIP>` — which works when all nodes share one L2 segment (the
 * lab segment in VM mode), as flannel's host-gw backend does.
 *
 * Nodes that cannot be routed to are skipped, with the reason: no pod CIDR yet, no InternalIP, or
 * an address that is not on the network (the no-VM sim nodes report 127.0.0.1: their pods exist
 * only in memory, so there is nothing to route to). The node's own CIDR is the bridge's, not a
 * route of ours.
 */
import type { Node } from 'kubernetes-types/core/v1';

export interface Route {
  /** The other node's pod CIDR. */
  dst: string;
  /** The other node's InternalIP. */
  via: string;
  node: string;
}

export interface RoutePlan {
  routes: Route[];
  skipped: { node: string; reason: string }[];
}

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function podCidrOf(n: Node): string | undefined {
  const all = n.spec?.podCIDRs?.length ? n.spec.podCIDRs : n.spec?.podCIDR ? [n.spec.podCIDR] : [];
  return all.find((c) => IPV4_CIDR.test(c));
}

function internalIpOf(n: Node): string | undefined {
  return n.status?.addresses?.find((a) => a.type === 'InternalIP' && IPV4.test(a.address))?.address;
}

/** Addresses that are never a next hop to another machine. */
function unroutable(ip: string): string | undefined {
  const first = Number(ip.split('.')[0]);
  if (first === 127) return `its address ${ip} is loopback (a simulated node)`;
  if (first === 0 || ip === '255.255.255.255') return `its address ${ip} is not a host`;
  return undefined;
}

export function planRoutes(nodes: readonly Node[], self: string): RoutePlan {
  const plan: RoutePlan = { routes: [], skipped: [] };
  const me = nodes.find((n) => n.metadata?.name === self);
  const myIp = me && internalIpOf(me);
  for (const n of [...nodes].sort((a, b) => a.metadata!.name!.localeCompare(b.metadata!.name!))) {
    const name = n.metadata!.name!;
    if (name === self) continue;
    const dst = podCidrOf(n);
    const via = internalIpOf(n);
    const skip = (reason: string) => plan.skipped.push({ node: name, reason });
    if (!dst) skip('no IPv4 pod CIDR yet');
    else if (!via) skip('no IPv4 InternalIP');
    else if (unroutable(via)) skip(unroutable(via)!);
    else if (via === myIp) skip(`it shares this node's address ${via}`);
    else plan.routes.push({ dst: normaliseCidr(dst), via, node: name });
  }
  return plan;
}

/** "10.244.1.7/24" → "10.244.1.0/24": `ip route` prints network addresses. */
export function normaliseCidr(cidr: string): string {
  const m = IPV4_CIDR.exec(cidr);
  if (!m) return cidr;
  const bits = Number(m[5]);
  const n = ((+m[1]! << 24) | (+m[2]! << 16) | (+m[3]! << 8) | +m[4]!) >>> 0;
  const net = bits === 0 ? 0 : (n & (~0 << (32 - bits))) >>> 0;
  return `${[net >>> 24, (net >>> 16) & 255, (net >>> 8) & 255, net & 255].join('.')}/${bits}`;
}
