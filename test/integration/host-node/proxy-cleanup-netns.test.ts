/**
 * `kube-proxy --cleanup` for real (src-cluster/proxy/iptables/cleanup.ts): kube-proxy's iptables
 * mode programs a private network namespace, someone else has rules there too, and the cleanup
 * removes every KUBE-* chain and every jump into them — and nothing else. Root needed.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupKubeProxyRules } from '../../../src-cluster/proxy/iptables/cleanup';
import { IptablesProxyBackend } from '../../../src-cluster/proxy/iptables/iptables-backend';
import { NetNs } from '../proxy/netns';

const web: Service = {
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    clusterIP: '10.96.0.50',
    type: 'NodePort',
    ports: [{ name: 'http', port: 80, protocol: 'TCP', nodePort: 30080 }],
  },
};
const slice: EndpointSlice = {
  metadata: {
    name: 'web-1',
    namespace: 'default',
    labels: { 'kubernetes.io/service-name': 'web' },
  },
  addressType: 'IPv4',
  endpoints: [{ addresses: ['10.244.1.5'], conditions: { ready: true } }],
  ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
};

describe.skipIf(process.getuid?.() !== 0)('kube-proxy cleanup in a network namespace', () => {
  const ns = new NetNs();

  beforeAll(async () => {
    await ns.create();
    await ns.addForeignNatRule();
    await ns.sh('iptables', '-A', 'INPUT', '-p', 'tcp', '--dport', '22', '-j', 'ACCEPT');
  });

  afterAll(() => ns.destroy());

  it('removes every KUBE-* chain and jump, keeps the rules that are not kube-proxy’s', async () => {
    const backend = new IptablesProxyBackend({ runner: ns.runner, clusterCIDR: '10.244.0.0/16' });
    await backend.syncRules([web], [slice]);
    const before = await ns.sh('iptables-save');
    expect(before).toMatch(/-A KUBE-SVC-\w+/);
    expect(before).toContain('-j KUBE-SERVICES');

    await cleanupKubeProxyRules(ns.runner);
    const after = await ns.sh('iptables-save');
    expect(after.split('\n').filter((l) => l.includes('KUBE-'))).toEqual([]);
    expect(after).toContain('-A OUTPUT -p tcp -m tcp --dport 9999 -j MY-CHAIN');
    expect(after).toContain('-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT');

    // Idempotent: a second cleanup on a clean table is a no-op, not an error.
    await cleanupKubeProxyRules(ns.runner);
    const rules = (t: string) => t.split('\n').filter((l) => !l.startsWith('#'));
    expect(rules(await ns.sh('iptables-save'))).toEqual(rules(after));
  });
});
