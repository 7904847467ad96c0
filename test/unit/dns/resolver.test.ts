import { describe, expect, it } from 'vitest';
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { buildZone } from '../../../src-cluster/dns/records';
import { candidates, resolveName } from '../../../src-cluster/dns/resolver';
import { kubeDnsService } from '../../../src-cluster/dns/kube-dns-service';

const services: Service[] = [
  {
    metadata: { name: 'web', namespace: 'shop' },
    spec: { clusterIP: '10.96.0.50', ports: [{ name: 'http', port: 80 }] },
  },
  {
    metadata: { name: 'db', namespace: 'shop' },
    spec: { clusterIP: 'None', ports: [{ name: 'pg', port: 5432 }] },
  },
  {
    metadata: { name: 'ext', namespace: 'shop' },
    spec: { type: 'ExternalName', externalName: 'Example.COM' },
  },
  kubeDnsService(),
];

const slices: EndpointSlice[] = [
  {
    metadata: { name: 'db-x', namespace: 'shop', labels: { 'kubernetes.io/service-name': 'db' } },
    addressType: 'IPv4',
    endpoints: [
      { addresses: ['10.244.2.4'], hostname: 'db-0', conditions: { ready: true } },
      { addresses: ['10.244.1.3'], hostname: 'db-1', conditions: { ready: true } },
      { addresses: ['10.244.1.9'], conditions: { ready: false } },
    ],
    ports: [{ name: 'pg', port: 5432 }],
  },
];

const zone = buildZone(services, slices);

describe('cluster DNS names', () => {
  it('answers <svc>.<ns>.svc.cluster.local with the ClusterIP', () => {
    expect(resolveName(zone, 'web.shop.svc.cluster.local.')).toEqual({
      name: 'web.shop.svc.cluster.local',
      type: 'A',
      addresses: ['10.96.0.50'],
    });
    expect(resolveName(zone, 'kube-dns.kube-system.svc.cluster.local')).toMatchObject({
      addresses: ['10.96.0.10'],
    });
  });

  it('expands short names through the asking pod namespace search path', () => {
    expect(resolveName(zone, 'web', { namespace: 'shop' })).toMatchObject({
      addresses: ['10.96.0.50'],
    });
    expect(resolveName(zone, 'web.shop', { namespace: 'default' })).toMatchObject({
      addresses: ['10.96.0.50'],
    });
    expect(resolveName(zone, 'web', { namespace: 'default' }).type).toBe('NXDOMAIN');
    expect(candidates('web', 'shop')).toEqual([
      'web.shop.svc.cluster.local',
      'web.svc.cluster.local',
      'web.cluster.local',
      'web',
    ]);
  });

  it('answers a headless Service with its ready pod IPs and each hostname with its own', () => {
    expect(resolveName(zone, 'db.shop.svc.cluster.local')).toMatchObject({
      addresses: ['10.244.1.3', '10.244.2.4'],
    });
    expect(resolveName(zone, 'db-0.db', { namespace: 'shop' })).toMatchObject({
      addresses: ['10.244.2.4'],
    });
  });

  it('gives ExternalName a CNAME and pod names their dashed IP', () => {
    expect(resolveName(zone, 'ext', { namespace: 'shop' })).toMatchObject({
      type: 'CNAME',
      target: 'example.com',
    });
    expect(resolveName(zone, '10-244-1-3.shop.pod.cluster.local')).toMatchObject({
      addresses: ['10.244.1.3'],
    });
  });

  it('publishes SRV records for named ports', () => {
    expect(zone.srv.get('_http._tcp.web.shop.svc.cluster.local')).toEqual([
      { port: 80, target: 'web.shop.svc.cluster.local' },
    ]);
    expect(
      zone.srv
        .get('_pg._tcp.db.shop.svc.cluster.local')
        ?.map((r) => r.target)
        .sort(),
    ).toEqual(['db-0.db.shop.svc.cluster.local', 'db-1.db.shop.svc.cluster.local']);
  });
});
