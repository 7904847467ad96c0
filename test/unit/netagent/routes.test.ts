/**
 * Host-gw route planning: which `<podCIDR> via <InternalIP>` routes a node needs, and which nodes
 * it must skip (itself, sim nodes on loopback, nodes without a CIDR or address yet).
 */
import type { Node } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { normaliseCidr, planRoutes } from '../../../src-cluster/netagent/routes';
import { parseRoutes } from '../../../src-cluster/netagent/route-table';

function node(name: string, ip?: string, cidr?: string, extra: Partial<Node['spec']> = {}): Node {
  return {
    metadata: { name },
    spec: { ...(cidr ? { podCIDR: cidr, podCIDRs: [cidr] } : {}), ...extra },
    status: {
      addresses: [
        ...(ip ? [{ type: 'InternalIP', address: ip }] : []),
        { type: 'Hostname', address: name },
      ],
    },
  };
}

describe('planRoutes', () => {
  it('routes every other real node’s pod CIDR via its InternalIP', () => {
    const plan = planRoutes(
      [
        node('vm', '192.0.2.2', '10.244.3.0/24'),
        node('node-b', '192.0.2.3', '10.244.4.0/24'),
        node('node-a', '192.0.2.4', '10.244.5.0/24'),
      ],
      'vm',
    );
    expect(plan.routes).toEqual([
      { dst: '10.244.5.0/24', via: '192.0.2.4', node: 'node-a' },
      { dst: '10.244.4.0/24', via: '192.0.2.3', node: 'node-b' },
    ]);
    expect(plan.skipped).toEqual([]);
  });

  it('skips sim nodes on loopback, nodes without a CIDR or address, and its own address', () => {
    const plan = planRoutes(
      [
        node('vm', '192.0.2.2', '10.244.3.0/24'),
        node('worker-1', '127.0.0.1', '10.244.1.0/24'),
        node('fresh', '192.0.2.9'),
        node('no-ip', undefined, '10.244.7.0/24'),
        node('twin', '192.0.2.2', '10.244.8.0/24'),
      ],
      'vm',
    );
    expect(plan.routes).toEqual([]);
    expect(Object.fromEntries(plan.skipped.map((s) => [s.node, s.reason]))).toEqual({
      'worker-1': 'its address 127.0.0.1 is loopback (a simulated node)',
      fresh: 'no IPv4 pod CIDR yet',
      'no-ip': 'no IPv4 InternalIP',
      twin: "it shares this node's address 192.0.2.2",
    });
  });

  it('takes the IPv4 entry of dual-stack podCIDRs and normalises host bits', () => {
    const plan = planRoutes(
      [
        node('vm', '192.0.2.2', '10.244.3.0/24'),
        node('dual', '192.0.2.5', undefined, { podCIDRs: ['fd00:10::/64', '10.244.6.9/24'] }),
      ],
      'vm',
    );
    expect(plan.routes).toEqual([{ dst: '10.244.6.0/24', via: '192.0.2.5', node: 'dual' }]);
    expect(normaliseCidr('10.244.255.1/16')).toBe('10.244.0.0/16');
  });
});

describe('parseRoutes', () => {
  it('reads `ip -4 route show proto 77` output', () => {
    const text =
      '10.244.4.0/24 via 192.0.2.3 dev eth0 proto 77 \n10.9.9.9 via 192.0.2.4 dev eth0 proto 77\n';
    expect(parseRoutes(text)).toEqual([
      { dst: '10.244.4.0/24', via: '192.0.2.3' },
      { dst: '10.9.9.9/32', via: '192.0.2.4' },
    ]);
  });
});
