// The resolv.conf a kubelet writes into a pod, per dnsPolicy, merged with dnsConfig, trimmed to
// the resolver's limits.
import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import {
  formatResolvConf,
  parseResolvConf,
  podDnsConfig,
} from '../../../src-cluster/kubelet/network/resolv-conf';

const HOST = `# written by the lab
nameserver 10.0.2.3
nameserver 1.1.1.1 ; second
search lab.internal corp.example.
options timeout:2 rotate
`;

const pod = (spec: Pod['spec'] = { containers: [] }, namespace = 'shop'): Pod => ({
  metadata: { name: 'p', namespace, uid: 'u1' },
  spec,
});

describe('pod resolv.conf', () => {
  it('ClusterFirst: the cluster DNS, the cluster search path then the node one, ndots:5', () => {
    const c = podDnsConfig(pod(), { hostResolvConf: HOST });
    expect(formatResolvConf(c)).toBe(
      'search shop.svc.cluster.local svc.cluster.local cluster.local lab.internal corp.example\n' +
        'nameserver 10.96.0.10\n' +
        'options ndots:5\n',
    );
    expect(c.events).toEqual([]);
  });

  it('is ClusterFirst by default and matches what kubeadm clusters show without a node file', () => {
    expect(formatResolvConf(podDnsConfig(pod(undefined, 'default')))).toBe(
      'search default.svc.cluster.local svc.cluster.local cluster.local\n' +
        'nameserver 10.96.0.10\n' +
        'options ndots:5\n',
    );
  });

  it('hostNetwork: ClusterFirst becomes Default, ClusterFirstWithHostNet stays in the cluster', () => {
    const host = podDnsConfig(pod({ containers: [], hostNetwork: true }), { hostResolvConf: HOST });
    expect(host).toMatchObject({
      nameservers: ['10.0.2.3', '1.1.1.1'],
      searches: ['lab.internal', 'corp.example'],
      options: ['timeout:2', 'rotate'],
    });
    const withHostNet = podDnsConfig(
      pod({ containers: [], hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }),
      { hostResolvConf: HOST },
    );
    expect(withHostNet.nameservers).toEqual(['10.96.0.10']);
  });

  it('Default uses the node file, or loopback and `search .` when there is none', () => {
    const p = pod({ containers: [], dnsPolicy: 'Default' });
    expect(podDnsConfig(p, { hostResolvConf: HOST }).nameservers).toEqual(['10.0.2.3', '1.1.1.1']);
    expect(podDnsConfig(p, { nodeIPs: ['fd00::5'] })).toMatchObject({
      nameservers: ['::1'],
      searches: ['.'],
    });
  });

  it('falls back to Default with a MissingClusterDNS event when no cluster DNS is configured', () => {
    const c = podDnsConfig(pod(), { clusterDNS: [], hostResolvConf: HOST });
    expect(c.nameservers).toEqual(['10.0.2.3', '1.1.1.1']);
    expect(c.events.map((e) => e.reason)).toEqual(['MissingClusterDNS']);
  });

  it('None takes only dnsConfig; dnsConfig merges into the others, pod options winning', () => {
    const none = podDnsConfig(
      pod({
        containers: [],
        dnsPolicy: 'None',
        dnsConfig: {
          nameservers: ['9.9.9.9'],
          searches: ['my.dns.search.suffix'],
          options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }],
        },
      }),
      { hostResolvConf: HOST },
    );
    expect(formatResolvConf(none)).toBe(
      'search my.dns.search.suffix\nnameserver 9.9.9.9\noptions ndots:2 edns0\n',
    );
    const merged = podDnsConfig(
      pod({
        containers: [],
        dnsConfig: {
          nameservers: ['10.96.0.10', '9.9.9.9'],
          searches: ['cluster.local', 'extra.example'],
          options: [{ name: 'ndots', value: '1' }, { name: 'single-request-reopen' }],
        },
      }),
    );
    expect(merged).toMatchObject({
      nameservers: ['10.96.0.10', '9.9.9.9'],
      searches: ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'extra.example'],
      options: ['ndots:1', 'single-request-reopen'],
    });
  });

  it('trims to 3 nameservers and 32 search domains, with DNSConfigForming events', () => {
    const c = podDnsConfig(
      pod({
        containers: [],
        dnsConfig: {
          nameservers: ['1.1.1.1', '2.2.2.2', '3.3.3.3'],
          searches: Array.from({ length: 40 }, (_, i) => `s${i}.example`),
        },
      }),
    );
    expect(c.nameservers).toEqual(['10.96.0.10', '1.1.1.1', '2.2.2.2']);
    expect(c.searches).toHaveLength(32);
    expect(c.events.map((e) => e.reason)).toEqual(['DNSConfigForming', 'DNSConfigForming']);
  });

  it('parses a node file: the last search line wins, comments ignored', () => {
    expect(parseResolvConf('search a b\nsearch c.\nnameserver 1.2.3.4 # x\n')).toEqual({
      nameservers: ['1.2.3.4'],
      searches: ['c'],
      options: [],
    });
  });
});
