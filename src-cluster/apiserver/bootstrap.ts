/**
 * What every API server makes sure exists at start-up, idempotently (several API servers may share
 * one store): the four system namespaces, the `kubernetes` Service in default (the first address of
 * the service CIDR, port 443), and this server's address in the `kubernetes` Endpoints.
 */
import type { Endpoints } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/object';
import { SYSTEM_NAMESPACES } from './admission/namespace-lifecycle';
import { parseCidr } from './registry/services/allocator';
import type { Registry } from './registry/registry';
import { ApiStatusError } from './status';

async function createIfMissing(reg: Registry, ns: string | undefined, obj: KubeObject) {
  try {
    await reg.create(ns, obj);
  } catch (err) {
    if (!(err instanceof ApiStatusError && err.code === 409)) throw err;
  }
}

function firstServiceIp(cidr: string): string {
  const { base } = parseCidr(cidr);
  const n = base + 1;
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export async function bootstrapSystemObjects(
  namespaces: Registry,
  services: Registry,
  serviceCidr: string,
): Promise<void> {
  for (const name of SYSTEM_NAMESPACES)
    await createIfMissing(namespaces, undefined, { metadata: { name } });
  await createIfMissing(services, 'default', {
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { component: 'apiserver', provider: 'kubernetes' },
    },
    spec: {
      type: 'ClusterIP',
      clusterIP: firstServiceIp(serviceCidr),
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
      sessionAffinity: 'None',
    },
  });
}

/**
 * Adds (ip, port) to the kubernetes Endpoints and its EndpointSlice (kube-proxy reads slices),
 * keeping the other API servers' addresses.
 */
export async function reconcileApiEndpoints(
  endpoints: Registry,
  slices: Registry,
  ip: string,
  port: number,
) {
  await reconcileEndpoints(endpoints, ip, port);
  await reconcileSlice(slices, ip, port);
}

async function reconcileSlice(slices: Registry, ip: string, port: number) {
  const desired = (others: string[]) => ({
    addressType: 'IPv4',
    endpoints: [...new Set([...others, ip])].sort().map((a) => ({
      addresses: [a],
      conditions: { ready: true },
    })),
    ports: [{ name: 'https', port, protocol: 'TCP' }],
  });
  try {
    await slices.guaranteedUpdate('default', 'kubernetes', (cur) => {
      const eps = (cur.endpoints ?? []) as { addresses: string[] }[];
      return { ...cur, ...desired(eps.flatMap((e) => e.addresses)) };
    });
  } catch (err) {
    if (!(err instanceof ApiStatusError && err.code === 404)) throw err;
    await createIfMissing(slices, 'default', {
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { 'kubernetes.io/service-name': 'kubernetes' },
      },
      ...desired([]),
    });
  }
}

async function reconcileEndpoints(endpoints: Registry, ip: string, port: number) {
  const desired = (others: { ip: string }[]) => {
    const ips = [...new Set([...others.map((a) => a.ip), ip])].sort();
    return {
      subsets: [
        {
          addresses: ips.map((x) => ({ ip: x })),
          ports: [{ name: 'https', port, protocol: 'TCP' }],
        },
      ],
    };
  };
  try {
    await endpoints.guaranteedUpdate('default', 'kubernetes', (cur) => {
      const addrs = ((cur as Endpoints).subsets?.[0]?.addresses ?? []) as { ip: string }[];
      return { ...cur, ...desired(addrs) };
    });
  } catch (err) {
    if (!(err instanceof ApiStatusError && err.code === 404)) throw err;
    await createIfMissing(endpoints, 'default', {
      metadata: { name: 'kubernetes', namespace: 'default', labels: { endpointslice: 'false' } },
      ...desired([]),
    });
  }
}
