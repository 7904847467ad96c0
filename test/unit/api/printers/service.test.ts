import { describe, expect, it } from 'vitest';
import { HOUR, ago, row, table } from './fixtures';

function svc(name: string, spec: object, status: object = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default', creationTimestamp: ago(3 * HOUR) },
    spec: { type: 'ClusterIP', clusterIP: '10.96.0.20', clusterIPs: ['10.96.0.20'], ...spec },
    status,
  };
}

describe('services: kubectl get svc', () => {
  it('prints kube-dns with its two protocols and the wide selector', () => {
    const dns = svc('kube-dns', {
      clusterIP: '10.96.0.10',
      clusterIPs: ['10.96.0.10'],
      selector: { 'k8s-app': 'kube-dns' },
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
      ],
    });
    expect(table('', 'services', dns).rows[0]!.cells).toEqual([
      'kube-dns',
      'ClusterIP',
      '10.96.0.10',
      '<none>',
      '53/UDP,53/TCP',
      '3h',
      'k8s-app=kube-dns',
    ]);
  });

  it('shows node ports as port:nodePort/protocol', () => {
    const s = svc('web', {
      type: 'NodePort',
      selector: { tier: 'fe', app: 'web' },
      ports: [
        { port: 80, nodePort: 30080, protocol: 'TCP' },
        { port: 443, protocol: 'TCP' },
      ],
    });
    const r = row('', 'services', s);
    expect([r['Type'], r['External-IP'], r['Port(s)'], r['Selector']]).toEqual([
      'NodePort',
      '<none>',
      '80:30080/TCP,443/TCP',
      'app=web,tier=fe',
    ]);
  });

  it('shows <pending> for a LoadBalancer until the cloud assigns an address', () => {
    const lb = { type: 'LoadBalancer', ports: [{ port: 80, nodePort: 31000, protocol: 'TCP' }] };
    expect(row('', 'services', svc('lb', lb))['External-IP']).toBe('<pending>');
    const assigned = {
      loadBalancer: { ingress: [{ ip: '192.168.50.3' }, { hostname: 'lb.example' }] },
    };
    expect(row('', 'services', svc('lb', lb, assigned))['External-IP']).toBe(
      '192.168.50.3,lb.example',
    );
    expect(
      row('', 'services', svc('lb', { ...lb, externalIPs: ['198.51.100.1'] }, assigned))[
        'External-IP'
      ],
    ).toBe('192.168.50.3,lb.example,198.51.100.1');
  });

  it('prints headless, ExternalName and port-less services', () => {
    const headless = row(
      '',
      'services',
      svc('db', { clusterIP: 'None', clusterIPs: ['None'], ports: [] }),
    );
    expect([headless['Cluster-IP'], headless['Port(s)'], headless['Selector']]).toEqual([
      'None',
      '<none>',
      '<none>',
    ]);
    const ext = row(
      '',
      'services',
      svc('ext', {
        type: 'ExternalName',
        externalName: 'db.example.com',
        clusterIP: undefined,
        clusterIPs: undefined,
      }),
    );
    expect([ext['Cluster-IP'], ext['External-IP']]).toEqual(['<none>', 'db.example.com']);
    expect(
      row('', 'services', svc('x', { externalIPs: ['1.2.3.4', '1.2.3.5'] }))['External-IP'],
    ).toBe('1.2.3.4,1.2.3.5');
  });
});

describe('endpoints: kubectl get ep', () => {
  const ep = (subsets?: object[]) => ({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: ago(HOUR) },
    ...(subsets ? { subsets } : {}),
  });
  const endpoints = (subsets?: object[]) => row('', 'endpoints', ep(subsets))['Endpoints'];

  it('lists ready addresses as ip:port', () => {
    const subsets = [
      { addresses: [{ ip: '10.244.1.5' }, { ip: '10.244.2.3' }], ports: [{ port: 80 }] },
    ];
    expect(table('', 'endpoints', ep(subsets)).rows[0]!.cells).toEqual([
      'web',
      '10.244.1.5:80,10.244.2.3:80',
      '60m',
    ]);
  });

  it('summarises beyond three addresses', () => {
    const subsets = [
      {
        addresses: ['10.244.1.5', '10.244.2.3', '10.244.3.4'].map((ip) => ({ ip })),
        ports: [
          { name: 'http', port: 80 },
          { name: 'https', port: 443 },
        ],
      },
    ];
    expect(endpoints(subsets)).toBe('10.244.1.5:80,10.244.2.3:80,10.244.3.4:80 + 3 more...');
  });

  it('leaves out not-ready addresses, and says <none> without subsets', () => {
    expect(endpoints()).toBe('<none>');
    expect(endpoints([{ notReadyAddresses: [{ ip: '10.244.1.5' }], ports: [{ port: 80 }] }])).toBe(
      '',
    );
  });

  it('prints bare IPs for a port-less subset and brackets IPv6', () => {
    expect(endpoints([{ addresses: [{ ip: '10.244.1.5' }] }])).toBe('10.244.1.5');
    expect(endpoints([{ addresses: [{ ip: 'fd00::5' }], ports: [{ port: 8080 }] }])).toBe(
      '[fd00::5]:8080',
    );
  });
});

describe('endpointslices: kubectl get endpointslices', () => {
  const slice = (ports: object[], endpoints: object[]) => ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'web-abc12', namespace: 'default', creationTimestamp: ago(HOUR) },
    addressType: 'IPv4',
    ports,
    endpoints,
  });

  it('lists ports and every address, ready or not', () => {
    const s = slice(
      [{ name: 'http', port: 80, protocol: 'TCP' }],
      [
        { addresses: ['10.244.1.5'], conditions: { ready: true } },
        { addresses: ['10.244.2.3'], conditions: { ready: false } },
      ],
    );
    expect(table('discovery.k8s.io', 'endpointslices', s).rows[0]!.cells).toEqual([
      'web-abc12',
      'IPv4',
      '80',
      '10.244.1.5,10.244.2.3',
      '60m',
    ]);
  });

  it('summarises long lists and prints <unset> for empty ones', () => {
    const many = ['a', 'b', 'c', 'd', 'e'].map((x, i) => ({
      addresses: [`10.0.0.${i}`],
      hostname: x,
    }));
    const r = row(
      'discovery.k8s.io',
      'endpointslices',
      slice([{ name: 'any' }, { port: 1 }, {}, { port: 3 }], many),
    );
    expect([r['Ports'], r['Endpoints']]).toEqual([
      'any,1,* + 1 more...',
      '10.0.0.0,10.0.0.1,10.0.0.2 + 2 more...',
    ]);
    const empty = row('discovery.k8s.io', 'endpointslices', slice([], []));
    expect([empty['Ports'], empty['Endpoints']]).toEqual(['<unset>', '<unset>']);
  });
});
