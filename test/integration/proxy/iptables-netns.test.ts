// iptables mode for real: the backend programs a private network namespace and HTTP requests to a
// ClusterIP reach the pods behind it through KUBE-SERVICES → KUBE-SVC → KUBE-SEP DNAT. Endpoint
// "pods" are HTTP servers on addresses of the namespace's loopback; the service CIDR is routed to
// lo so the packets leave through OUTPUT → nat KUBE-SERVICES.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { IptablesProxyBackend } from '../../../src-cluster/proxy/iptables/iptables-backend';
import { NetNs } from './netns';

const web: Service = {
  metadata: { name: 'web', namespace: 'default' },
  spec: { clusterIP: '10.96.0.50', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] },
};

function slice(ips: string[]): EndpointSlice {
  return {
    metadata: {
      name: 'web-1',
      namespace: 'default',
      labels: { 'kubernetes.io/service-name': 'web' },
    },
    addressType: 'IPv4',
    endpoints: ips.map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  };
}

describe('iptables backend in a network namespace', () => {
  const ns = new NetNs();
  let backend: IptablesProxyBackend;

  beforeAll(async () => {
    await ns.create();
    await ns.sh('ip', 'addr', 'add', '10.244.1.5/32', 'dev', 'lo');
    await ns.sh('ip', 'addr', 'add', '10.244.2.7/32', 'dev', 'lo');
    await ns.sh('ip', 'route', 'add', '10.96.0.0/12', 'dev', 'lo');
    await ns.serve('10.244.1.5', 8080, 'pod-a');
    await ns.serve('10.244.2.7', 8080, 'pod-b');
    // Someone else's rules: kube-proxy must leave them alone.
    await ns.addForeignNatRule();
    backend = new IptablesProxyBackend({ runner: ns.runner, clusterCIDR: '10.244.0.0/16' });
  });

  afterAll(() => ns.destroy());

  it('spreads requests to the ClusterIP over both endpoints through DNAT', async () => {
    await backend.syncRules([web], [slice(['10.244.1.5', '10.244.2.7'])]);
    const seen = new Set<string>();
    for (let i = 0; i < 24; i++) seen.add(await ns.get('10.96.0.50', 80));
    expect([...seen].sort()).toEqual(['pod-a', 'pod-b']);
  });

  it('syncs again without duplicating jumps or touching foreign rules', async () => {
    await backend.syncRules([web], [slice(['10.244.1.5', '10.244.2.7'])]);
    const nat = await ns.sh('iptables-save', '-t', 'nat');
    expect(nat.match(/-A OUTPUT .*-j KUBE-SERVICES/g)).toHaveLength(1);
    expect(nat.match(/-A PREROUTING .*-j KUBE-SERVICES/g)).toHaveLength(1);
    expect(nat).toContain('-A OUTPUT -p tcp -m tcp --dport 9999 -j MY-CHAIN');
    expect(nat).toContain(':MY-CHAIN - [0:0]');
  });

  it('an endpoint going away removes its KUBE-SEP chain and its traffic', async () => {
    await backend.syncRules([web], [slice(['10.244.2.7'])]);
    for (let i = 0; i < 8; i++) expect(await ns.get('10.96.0.50', 80)).toBe('pod-b');
    const nat = await ns.sh('iptables-save', '-t', 'nat');
    expect(nat.match(/^:KUBE-SEP-/gm)).toHaveLength(1);
  });

  it('no endpoints: the filter REJECT rule stops the connection before any pod', async () => {
    await backend.syncRules([web], [slice([])]);
    // The ICMP port-unreachable REJECT sends is not delivered back over this lo-routed test
    // setup (the client sees a timeout, not ECONNREFUSED), so assert the rule's packet counter.
    expect(await ns.get('10.96.0.50', 80)).toMatch(/^ERR /);
    const counters = await ns.sh(
      'iptables',
      '-t',
      'filter',
      '-L',
      'KUBE-SERVICES',
      '-v',
      '-x',
      '-n',
    );
    const line = counters.split('\n').find((l) => l.includes('has no endpoints'));
    expect(line).toMatch(/REJECT/);
    expect(Number(line!.trim().split(/\s+/)[0])).toBeGreaterThan(0);
  });

  it('a deleted Service leaves no per-service chain behind, foreign rules intact', async () => {
    await backend.syncRules([], []);
    const nat = await ns.sh('iptables-save', '-t', 'nat');
    expect(nat).not.toMatch(/KUBE-(SVC|SEP|EXT)-/);
    expect(nat).toContain('-A OUTPUT -p tcp -m tcp --dport 9999 -j MY-CHAIN');
    const filter = await ns.sh('iptables-save', '-t', 'filter');
    expect(filter).not.toContain('has no endpoints');
  });
});
