/** The object kinds the lab host lists and watches for the UI, and where they live in the API. */
import type { ResourceRef } from '../../src-cluster/client';
import type { ObjectKind } from '../../src-shared/ipc';

export const KIND_REFS: Record<ObjectKind, ResourceRef> = {
  Node: { group: '', version: 'v1', resource: 'nodes', namespaced: false, kind: 'Node' },
  Pod: { group: '', version: 'v1', resource: 'pods', namespaced: true, kind: 'Pod' },
  Deployment: {
    group: 'apps',
    version: 'v1',
    resource: 'deployments',
    namespaced: true,
    kind: 'Deployment',
  },
  ReplicaSet: {
    group: 'apps',
    version: 'v1',
    resource: 'replicasets',
    namespaced: true,
    kind: 'ReplicaSet',
  },
  Service: { group: '', version: 'v1', resource: 'services', namespaced: true, kind: 'Service' },
  Event: { group: '', version: 'v1', resource: 'events', namespaced: true, kind: 'Event' },
  Namespace: {
    group: '',
    version: 'v1',
    resource: 'namespaces',
    namespaced: false,
    kind: 'Namespace',
  },
  Lease: {
    group: 'coordination.k8s.io',
    version: 'v1',
    resource: 'leases',
    namespaced: true,
    kind: 'Lease',
  },
};

/** The ResourceRef for a kind named in a YAML document (apiVersion + kind), if we know it. */
export function refForKind(kind: string): ResourceRef | undefined {
  return (KIND_REFS as Record<string, ResourceRef>)[kind];
}
