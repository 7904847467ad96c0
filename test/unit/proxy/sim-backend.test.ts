import { describe, expect, it } from 'vitest';
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { SimProxyBackend } from '../../../src-cluster/proxy/sim/sim-backend';
import { buildServiceTable } from '../../../src-cluster/proxy/service-table';

function svc(name: string, spec: Service['spec'], status?: Service['status']): Service {
  return { metadata: { name, namespace: 'default' }, spec, ...(status ? { status } : {}) };
}

function slice(
  svcName: string,
  eps: { ip: string; ready?: boolean; terminating?: boolean; serving?: boolean }[],
  ports = [{ name: 'http', port: 8080, protocol: 'TCP' }],
): EndpointSlice {
  return {
    metadata: {
      name: `${svcName}-abc`,
      namespace: 'default',
      labels: { 'kubernetes.io/service-name': svcName },
    },
    addressType: 'IPv4',
    endpoints: eps.map((e) => ({
      addresses: [e.ip],
      conditions: { ready: e.ready ?? true, terminating: e.terminating, serving: e.serving },
    })),
    ports,
  };
}

const web = svc('web', {
  type: 'NodePort',
  clusterIP: '10.96.0.50',
  ports: [{ name: 'http', port: 80, protocol: 'TCP', nodePort: 30080 }],
});

describe('sim proxy backend', () => {
  it('spreads connections to a ClusterIP over the ready endpoints in turn', () => {
    const b = new SimProxyBackend();
    b.syncRules(
      [web],
      [
        slice('web', [
          { ip: '10.244.1.5' },
          { ip: '10.244.2.7' },
          { ip: '10.244.1.9', ready: false },
        ]),
      ],
    );
    const picks = Array.from({ length: 4 }, () => {
      const r = b.resolve({ ip: '10.96.0.50', port: 80 });
      return r.ok ? `${r.endpoint.ip}:${r.endpoint.port}` : r.reason;
    });
    expect(picks).toEqual([
      '10.244.1.5:8080',
      '10.244.2.7:8080',
      '10.244.1.5:8080',
      '10.244.2.7:8080',
    ]);
  });

  it('answers on the NodePort too, and refuses a port nothing listens on', () => {
    const b = new SimProxyBackend();
    b.syncRules([web], [slice('web', [{ ip: '10.244.1.5' }])]);
    const r = b.resolveNodePort(30080);
    expect(r.ok && r.endpoint.ip).toBe('10.244.1.5');
    expect(b.resolve({ ip: '10.96.0.50', port: 81 })).toEqual({ ok: false, reason: 'no-service' });
  });

  it('rejects a Service without ready endpoints, falling back to terminating-but-serving ones', () => {
    const b = new SimProxyBackend();
    b.syncRules([web], [slice('web', [{ ip: '10.244.1.5', ready: false }])]);
    expect(b.resolve({ ip: '10.96.0.50', port: 80 })).toEqual({
      ok: false,
      reason: 'no-endpoints',
      service: 'default/web:http',
    });
    b.syncRules(
      [web],
      [slice('web', [{ ip: '10.244.1.6', ready: false, terminating: true, serving: true }])],
    );
    const r = b.resolve({ ip: '10.96.0.50', port: 80 });
    expect(r.ok && r.endpoint.ip).toBe('10.244.1.6');
  });

  it('keeps a client on one endpoint with ClientIP affinity', () => {
    const b = new SimProxyBackend();
    const sticky = svc('sticky', { ...web.spec, sessionAffinity: 'ClientIP' });
    b.syncRules([sticky], [slice('sticky', [{ ip: '10.244.1.5' }, { ip: '10.244.2.7' }])]);
    const from = (c: string) => {
      const r = b.resolve({ ip: '10.96.0.50', port: 80, clientIp: c });
      return r.ok ? r.endpoint.ip : '';
    };
    const first = from('10.244.3.3');
    expect([from('10.244.3.3'), from('10.244.3.3')]).toEqual([first, first]);
  });

  it('routes a load-balancer ingress IP like the ClusterIP; a later sync drops removed Services', () => {
    const b = new SimProxyBackend();
    const lb = svc(
      'lb',
      { type: 'LoadBalancer', clusterIP: '10.96.0.60', ports: [{ name: 'http', port: 80 }] },
      { loadBalancer: { ingress: [{ ip: '10.10.0.200' }] } },
    );
    b.syncRules([lb], [slice('lb', [{ ip: '10.244.1.5' }])]);
    expect(b.resolve({ ip: '10.10.0.200', port: 80 }).ok).toBe(true);
    b.syncRules([], []);
    expect(b.resolve({ ip: '10.10.0.200', port: 80 }).ok).toBe(false);
  });
});

describe('service table', () => {
  it('skips headless and ExternalName Services and names ports as upstream does', () => {
    const table = buildServiceTable(
      [
        web,
        svc('headless', { clusterIP: 'None', ports: [{ port: 80 }] }),
        svc('ext', { type: 'ExternalName', externalName: 'example.com' }),
        svc('plain', { clusterIP: '10.96.0.70', ports: [{ port: 53, protocol: 'UDP' }] }),
      ],
      [],
    );
    expect(table.map((e) => `${e.name} ${e.protocol}`)).toEqual([
      'default/plain UDP',
      'default/web:http TCP',
    ]);
  });
});
