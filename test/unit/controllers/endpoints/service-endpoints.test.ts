import { describe, expect, it } from 'vitest';
import type { Pod, Service } from 'kubernetes-types/core/v1';
import { Indexer, Lister, namespaceIndexFunc } from '../../../../src-cluster/client';
import {
  resolveTargetPort,
  serviceEndpoints,
} from '../../../../src-cluster/controllers/framework/service-endpoints';
import { buildSubsets } from '../../../../src-cluster/controllers/endpoints/subsets';

function pod(
  name: string,
  ip: string | undefined,
  opts: { ready?: boolean; phase?: string; deleting?: boolean; http?: number; app?: string } = {},
): Pod {
  return {
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      labels: { app: opts.app ?? 'web' },
      ...(opts.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    spec: {
      containers: [
        { name: 'c', image: 'x', ports: [{ name: 'http', containerPort: opts.http ?? 8080 }] },
      ],
    },
    status: {
      phase: opts.phase ?? 'Running',
      podIP: ip,
      conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True' }],
    },
  };
}
const svc: Service = {
  metadata: { name: 'web', namespace: 'default' },
  spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
};
function lister(pods: Pod[]) {
  const idx = new Indexer<Pod>({ namespace: namespaceIndexFunc });
  for (const p of pods) idx.upsert(p);
  return new Lister<Pod>(idx);
}

describe('service endpoints', () => {
  it('resolves numeric, numeric-string and named targetPorts', () => {
    const p = pod('a', '10.0.0.1', { http: 8081 });
    expect(resolveTargetPort({ port: 80 }, p)).toBe(80);
    expect(resolveTargetPort({ port: 80, targetPort: 9000 }, p)).toBe(9000);
    expect(resolveTargetPort({ port: 80, targetPort: 'http' }, p)).toBe(8081);
    expect(resolveTargetPort({ port: 80, targetPort: 'http', protocol: 'UDP' }, p)).toBeUndefined();
    expect(resolveTargetPort({ port: 80, targetPort: 'grpc' }, p)).toBeUndefined();
  });

  it('selects matching pods with an IP that have not finished; terminating ones only when asked', () => {
    const pods = lister([
      pod('ready', '10.0.0.2'),
      pod('unready', '10.0.0.3', { ready: false }),
      pod('noip', undefined),
      pod('done', '10.0.0.4', { phase: 'Succeeded' }),
      pod('leaving', '10.0.0.5', { deleting: true }),
      pod('other', '10.0.0.6', { app: 'db' }),
    ]);
    const names = (eps: ReturnType<typeof serviceEndpoints>) =>
      eps.map((e) => e.pod.metadata!.name);
    expect(names(serviceEndpoints(svc, pods, { includeTerminating: false }))).toEqual([
      'ready',
      'unready',
    ]);
    const withTerminating = serviceEndpoints(svc, pods, { includeTerminating: true });
    expect(names(withTerminating)).toEqual(['ready', 'unready', 'leaving']);
    expect(withTerminating[2]).toMatchObject({ ready: false, serving: true, terminating: true });

    const subsets = buildSubsets(svc, serviceEndpoints(svc, pods, { includeTerminating: false }));
    expect(subsets).toEqual([
      {
        addresses: [
          {
            ip: '10.0.0.2',
            targetRef: { kind: 'Pod', namespace: 'default', name: 'ready', uid: 'uid-ready' },
          },
        ],
        notReadyAddresses: [
          {
            ip: '10.0.0.3',
            targetRef: { kind: 'Pod', namespace: 'default', name: 'unready', uid: 'uid-unready' },
          },
        ],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ]);
  });

  it('publishNotReadyAddresses makes every selected pod ready', () => {
    const pods = lister([pod('unready', '10.0.0.3', { ready: false })]);
    const publish = { ...svc, spec: { ...svc.spec, publishNotReadyAddresses: true } };
    expect(serviceEndpoints(publish, pods, { includeTerminating: false })[0]?.ready).toBe(true);
  });
});
