// The PodSandboxConfig a pod gets: DNS per dnsPolicy, hostname/subdomain, hostPorts, hostNetwork.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1';
import { afterAll, describe, expect, it } from 'vitest';
import { podHostname, sandboxConfig } from '../../../src-cluster/kubelet/sandbox-config';

const dir = mkdtempSync(join(tmpdir(), 'kubelab-sbx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const resolvConf = join(dir, 'resolv.conf');
writeFileSync(resolvConf, 'nameserver 192.168.0.1\nsearch lab.example\noptions timeout:2\n');

const settings = {
  podLogsDir: '/var/log/pods',
  clusterDNS: ['10.96.0.10'],
  clusterDomain: 'cluster.local',
  resolvConf,
  nodeIP: '192.168.0.20',
};

const pod = (spec: Partial<NonNullable<Pod['spec']>> = {}): Pod => ({
  metadata: { name: 'web', namespace: 'shop', uid: 'u1' },
  spec: { containers: [{ name: 'c' }], ...spec },
});

describe('sandboxConfig', () => {
  it('ClusterFirst: cluster DNS, the namespace search path then the node’s, ndots:5', () => {
    const { config } = sandboxConfig(pod(), 0, settings);
    expect(config.dnsConfig).toEqual({
      servers: ['10.96.0.10'],
      searches: ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'lab.example'],
      options: ['ndots:5'],
    });
    expect(config.hostname).toBe('web');
    expect(config.logDirectory).toBe('/var/log/pods/shop_web_u1');
    expect(config.linux?.securityContext?.namespaceOptions).toEqual({
      network: 'POD',
      pid: 'CONTAINER',
    });
  });

  it('Default copies the node file; None takes dnsConfig only', () => {
    expect(sandboxConfig(pod({ dnsPolicy: 'Default' }), 0, settings).config.dnsConfig).toEqual({
      servers: ['192.168.0.1'],
      searches: ['lab.example'],
      options: ['timeout:2'],
    });
    const none = pod({
      dnsPolicy: 'None',
      dnsConfig: {
        nameservers: ['1.1.1.1'],
        searches: ['x.test'],
        options: [{ name: 'ndots', value: '2' }],
      },
    });
    expect(sandboxConfig(none, 0, settings).config.dnsConfig).toEqual({
      servers: ['1.1.1.1'],
      searches: ['x.test'],
      options: ['ndots:2'],
    });
  });

  it('hostNetwork: node namespace, the node’s hostname, Default DNS unless ClusterFirstWithHostNet', () => {
    const host = sandboxConfig(pod({ hostNetwork: true }), 0, settings).config;
    expect(host.linux?.securityContext?.namespaceOptions?.network).toBe('NODE');
    expect(host.hostname).toBe('');
    expect(host.dnsConfig?.servers).toEqual(['192.168.0.1']);
    const withNet = sandboxConfig(
      pod({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }),
      0,
      settings,
    );
    expect(withNet.config.dnsConfig?.servers).toEqual(['10.96.0.10']);
  });

  it('hostPorts become port mappings; containers without one add nothing', () => {
    const p = pod({
      containers: [
        { name: 'a', ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 81 }] },
        {
          name: 'b',
          ports: [{ containerPort: 53, hostPort: 5353, protocol: 'UDP', hostIP: '127.0.0.1' }],
        },
      ],
    });
    expect(sandboxConfig(p, 0, settings).config.portMappings).toEqual([
      { protocol: 'TCP', containerPort: 80, hostPort: 8080, hostIp: undefined },
      { protocol: 'UDP', containerPort: 53, hostPort: 5353, hostIp: '127.0.0.1' },
    ]);
  });
});

describe('podHostname', () => {
  it('uses spec.hostname, cuts to 63 characters, and builds the FQDN with setHostnameAsFQDN', () => {
    expect(podHostname(pod({ hostname: 'db-0' }), 'cluster.local')).toBe('db-0');
    const long = { ...pod(), metadata: { name: 'a'.repeat(62) + '-b', namespace: 'shop' } };
    expect(podHostname(long, 'cluster.local')).toBe('a'.repeat(62));
    expect(
      podHostname(
        pod({ hostname: 'db-0', subdomain: 'db', setHostnameAsFQDN: true }),
        'cluster.local',
      ),
    ).toBe('db-0.db.shop.svc.cluster.local');
  });
});
