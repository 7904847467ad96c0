/**
 * Defaults for the smaller kinds: Namespace label, Secret type, Node allocatable, Endpoints and
 * EndpointSlice port protocols, RBAC apiGroups.
 */
import type { Endpoints, Namespace, Node, Secret } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { ClusterRoleBinding, RoleBinding } from 'kubernetes-types/rbac/v1';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** Every namespace carries `kubernetes.io/metadata.name=<name>` (always reset to its name). */
export function defaultNamespace(ns: Namespace): void {
  const meta = (ns.metadata ??= {});
  if (meta.name) (meta.labels ??= {})['kubernetes.io/metadata.name'] = meta.name;
}

/** type Opaque. */
export function defaultSecret(s: Secret): void {
  s.type ||= 'Opaque';
}

/** status.allocatable defaults to status.capacity. */
export function defaultNode(node: Node): void {
  const status = node.status;
  if (status?.capacity && !status.allocatable) status.allocatable = { ...status.capacity };
}

/** Endpoint ports are TCP unless stated. */
export function defaultEndpoints(ep: Endpoints): void {
  for (const ss of ep.subsets ?? []) for (const p of ss.ports ?? []) p.protocol ||= 'TCP';
}

/** EndpointSlice ports: protocol TCP and name "" unless stated. */
export function defaultEndpointSlice(es: EndpointSlice): void {
  for (const p of es.ports ?? []) {
    p.protocol ||= 'TCP';
    p.name ??= '';
  }
}

/** roleRef.apiGroup and User/Group subjects default to the RBAC group. */
export function defaultBinding(b: RoleBinding | ClusterRoleBinding): void {
  if (b.roleRef && !b.roleRef.apiGroup) b.roleRef.apiGroup = RBAC_GROUP;
  for (const s of b.subjects ?? []) {
    // ServiceAccount subjects are in the core group; upstream serialises that as no apiGroup at
    // all (omitempty), and kubectl apply sees a diff on every run if we store "".
    if (s.apiGroup === undefined && s.kind !== 'ServiceAccount') s.apiGroup = RBAC_GROUP;
  }
}
