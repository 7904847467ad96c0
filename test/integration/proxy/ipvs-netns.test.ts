// IPVS mode in a private network namespace. Whether the kernel has ip_vs is a property of the
// machine, so the expectation is explicit: with KUBELAB_EXPECT_IPVS=1 (set it on VM-image and CI
// hosts whose kernel ships ip_vs and dummy) the backend must program kube-ipvs0 and IPVS and a
// request to the ClusterIP must reach the pod; otherwise the test asserts the other documented
// outcome — the backend refuses loudly with IpvsUnavailableError instead of running with no data
// path — and still applies IPVS mode's iptables rules for real. Neither branch skips.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import {
  IpvsProxyBackend,
  IpvsUnavailableError,
} from '../../../src-cluster/proxy/ipvs/ipvs-backend';
import { renderIpvsIptables } from '../../../src-cluster/proxy/ipvs/ipvs-iptables';
import { buildServiceTable } from '../../../src-cluster/proxy/service-table';
import { mustRun } from '../../../src-cluster/proxy/iptables/command-runner';
import { NetNs } from './netns';

const web: Service = {
  metadata: { name: 'web', namespace: 'default' },
  spec: { clusterIP: '10.96.0.50', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] },
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

const expectIpvs = process.env.KUBELAB_EXPECT_IPVS === '1';

describe(`ipvs backend in a network namespace (ip_vs expected: ${expectIpvs})`, () => {
  const ns = new NetNs();
  let backend: IpvsProxyBackend;

  beforeAll(async () => {
    await ns.create();
    await ns.sh('ip', 'addr', 'add', '10.244.1.5/32', 'dev', 'lo');
    await ns.serve('10.244.1.5', 8080, 'pod-a');
    backend = new IpvsProxyBackend({ runner: ns.runner, clusterCIDR: '10.244.0.0/16' });
  });

  afterAll(() => ns.destroy());

  if (expectIpvs) {
    it('binds the ClusterIP on kube-ipvs0, programs rr virtual servers, and routes a request', async () => {
      await backend.syncRules([web], [slice]);
      expect(await ns.sh('ip', '-o', '-4', 'addr', 'show', 'dev', 'kube-ipvs0')).toContain(
        '10.96.0.50/32',
      );
      const save = await ns.sh('ipvsadm', '-Sn');
      expect(save).toContain('-A -t 10.96.0.50:80 -s rr');
      expect(save).toMatch(/-a -t 10\.96\.0\.50:80 -r 10\.244\.1\.5:8080 -m -w 1/);
      expect(await ns.get('10.96.0.50', 80)).toBe('pod-a');
      await backend.syncRules([], []);
      expect(await ns.sh('ipvsadm', '-Sn')).not.toContain('10.96.0.50');
    });
  } else {
    it('refuses loudly when the kernel has no IPVS (IpvsUnavailableError names the module)', async () => {
      const err = await backend.syncRules([web], [slice]).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(IpvsUnavailableError);
      expect(String(err)).toMatch(/ip_vs/);
    });
  }

  it("applies IPVS mode's iptables rules (marks, masquerade, forward) with --noflush", async () => {
    const text = renderIpvsIptables(buildServiceTable([web], [slice]), {
      clusterCIDR: '10.244.0.0/16',
    });
    await mustRun(ns.runner, 'iptables-restore', ['-w', '--noflush'], text);
    const nat = await ns.sh('iptables-save', '-t', 'nat');
    expect(nat).toContain('-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000');
    expect(nat).toMatch(
      /-A KUBE-SERVICES ! -s 10\.244\.0\.0\/16 -d 10\.96\.0\.50\/32 .*-j KUBE-MARK-MASQ/,
    );
  });
});
