import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import {
  planSlices,
  wantedSlices,
} from '../../../../src-cluster/controllers/endpoint-slice/slice-plan';
import type { PodEndpoint } from '../../../../src-cluster/controllers/framework/service-endpoints';

function ep(name: string, ip: string, port = 8080, ready = true): PodEndpoint {
  const pod: Pod = { metadata: { name, namespace: 'default', uid: `uid-${name}` } };
  return {
    pod,
    ip,
    ready,
    serving: ready,
    terminating: false,
    ports: [{ name: 'http', port, protocol: 'TCP' }],
  };
}
const asSlice = (name: string, w: ReturnType<typeof wantedSlices>[number]): EndpointSlice => ({
  metadata: { name },
  addressType: w.addressType,
  ports: w.ports,
  endpoints: w.endpoints,
});

describe('slice plan', () => {
  it('groups by resolved ports and address family, and cuts at the per-slice maximum', () => {
    const eps = [
      ep('a', '10.0.0.1'),
      ep('b', '10.0.0.2'),
      ep('c', '10.0.0.3'),
      ep('d', '10.0.0.4', 9090),
      ep('e', 'fd00::5'),
    ];
    const want = wantedSlices(eps, 2);
    expect(want.map((w) => [w.addressType, w.ports[0]!.port, w.endpoints.length])).toEqual([
      ['IPv4', 8080, 2],
      ['IPv4', 8080, 1],
      ['IPv4', 9090, 1],
      ['IPv6', 8080, 1],
    ]);
  });

  it('leaves matching slices alone, updates one of the same ports in place, deletes the rest', () => {
    const [w1] = wantedSlices([ep('a', '10.0.0.1')], 100);
    const [w2] = wantedSlices([ep('a', '10.0.0.1'), ep('b', '10.0.0.2')], 100);
    const [w9] = wantedSlices([ep('z', '10.0.0.9', 9090)], 100);
    expect(planSlices([asSlice('s1', w1!)], [w1!])).toEqual({ create: [], update: [], delete: [] });
    const plan = planSlices([asSlice('s1', w1!), asSlice('s9', w9!)], [w2!]);
    expect(plan.update.map((u) => u.slice.metadata?.name)).toEqual(['s1']);
    expect(plan.create).toEqual([]);
    expect(plan.delete.map((s) => s.metadata?.name)).toEqual(['s9']);
    expect(planSlices([], [w1!]).create).toEqual([w1]);
  });
});
