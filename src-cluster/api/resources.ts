/**
 * The table of contents of the API: every resource kubelab serves, with the facts discovery,
 * routing and storage need. Names, kinds, short names and categories are upstream's.
 */
export interface ResourceInfo {
  /** API group; "" for the core group. */
  group: string;
  version: string;
  /** Plural resource name used in URLs ("pods"). */
  resource: string;
  kind: string;
  listKind: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  /** Subresources served under <resource>/<sub>. */
  subresources: (
    'status' | 'scale' | 'binding' | 'log' | 'exec' | 'attach' | 'proxy' | 'eviction'
  )[];
  /** Key prefix in the store, upstream layout (e.g. "/registry/minions" for nodes). */
  storagePrefix: string;
  /** Verbs advertised in discovery. */
  verbs: string[];
  /** Events carry a lease (TTL) in storage, like upstream's --event-ttl. */
  ttlSeconds?: number;
  /** Served but deprecated: the Warning header text. */
  deprecationWarning?: string;
  /** Read-only synthetic resource (ComponentStatus): computed on read, never stored. */
  virtual?: boolean;
}

const ALL_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

interface Spec {
  group?: string;
  version?: string;
  resource: string;
  kind: string;
  namespaced?: boolean;
  shortNames?: string[];
  categories?: string[];
  subresources?: ResourceInfo['subresources'];
  storage?: string;
  verbs?: string[];
  ttlSeconds?: number;
  deprecationWarning?: string;
  virtual?: boolean;
}

function r(s: Spec): ResourceInfo {
  return {
    group: s.group ?? '',
    version: s.version ?? 'v1',
    resource: s.resource,
    kind: s.kind,
    listKind: `${s.kind}List`,
    singular: s.kind.toLowerCase(),
    namespaced: s.namespaced ?? true,
    shortNames: s.shortNames ?? [],
    categories: s.categories ?? [],
    subresources: s.subresources ?? [],
    storagePrefix: `/registry/${s.storage ?? s.resource}`,
    verbs: s.verbs ?? ALL_VERBS,
    ...(s.ttlSeconds ? { ttlSeconds: s.ttlSeconds } : {}),
    ...(s.deprecationWarning ? { deprecationWarning: s.deprecationWarning } : {}),
    ...(s.virtual ? { virtual: true } : {}),
  };
}

export const RESOURCES: readonly ResourceInfo[] = [
  // core/v1
  r({
    resource: 'namespaces',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    subresources: ['status'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  }),
  r({
    resource: 'pods',
    kind: 'Pod',
    shortNames: ['po'],
    categories: ['all'],
    subresources: ['status', 'binding', 'log', 'exec', 'attach', 'eviction'],
  }),
  r({
    resource: 'nodes',
    kind: 'Node',
    namespaced: false,
    shortNames: ['no'],
    subresources: ['status', 'proxy'],
    storage: 'minions',
  }),
  r({
    resource: 'services',
    kind: 'Service',
    shortNames: ['svc'],
    categories: ['all'],
    subresources: ['status'],
    storage: 'services/specs',
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  }),
  r({
    resource: 'endpoints',
    kind: 'Endpoints',
    shortNames: ['ep'],
    storage: 'services/endpoints',
  }),
  r({ resource: 'configmaps', kind: 'ConfigMap', shortNames: ['cm'] }),
  r({ resource: 'secrets', kind: 'Secret' }),
  r({ resource: 'serviceaccounts', kind: 'ServiceAccount', shortNames: ['sa'] }),
  r({ resource: 'events', kind: 'Event', shortNames: ['ev'], ttlSeconds: 3600 }),
  r({
    resource: 'componentstatuses',
    kind: 'ComponentStatus',
    namespaced: false,
    shortNames: ['cs'],
    verbs: ['get', 'list'],
    deprecationWarning: 'v1 ComponentStatus is deprecated in v1.19+',
    virtual: true,
  }),
  // apps/v1
  r({
    group: 'apps',
    resource: 'deployments',
    kind: 'Deployment',
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: ['status', 'scale'],
  }),
  r({
    group: 'apps',
    resource: 'replicasets',
    kind: 'ReplicaSet',
    shortNames: ['rs'],
    categories: ['all'],
    subresources: ['status', 'scale'],
  }),
  r({
    group: 'apps',
    resource: 'daemonsets',
    kind: 'DaemonSet',
    shortNames: ['ds'],
    categories: ['all'],
    subresources: ['status'],
  }),
  // batch/v1
  r({
    group: 'batch',
    resource: 'jobs',
    kind: 'Job',
    categories: ['all'],
    subresources: ['status'],
  }),
  // coordination.k8s.io/v1
  r({ group: 'coordination.k8s.io', resource: 'leases', kind: 'Lease' }),
  // discovery.k8s.io/v1
  r({ group: 'discovery.k8s.io', resource: 'endpointslices', kind: 'EndpointSlice' }),
  // events.k8s.io/v1 — the same stored objects as core/v1 events, in the newer shape.
  r({
    group: 'events.k8s.io',
    resource: 'events',
    kind: 'Event',
    shortNames: ['ev'],
    ttlSeconds: 3600,
  }),
  // rbac.authorization.k8s.io/v1
  r({ group: 'rbac.authorization.k8s.io', resource: 'roles', kind: 'Role' }),
  r({ group: 'rbac.authorization.k8s.io', resource: 'rolebindings', kind: 'RoleBinding' }),
  r({
    group: 'rbac.authorization.k8s.io',
    resource: 'clusterroles',
    kind: 'ClusterRole',
    namespaced: false,
  }),
  r({
    group: 'rbac.authorization.k8s.io',
    resource: 'clusterrolebindings',
    kind: 'ClusterRoleBinding',
    namespaced: false,
  }),
];

/** "apps/v1", or "v1" for the core group. */
export function groupVersion(info: Pick<ResourceInfo, 'group' | 'version'>): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/** The name upstream uses in messages: "pods", "deployments.apps". */
export function qualifiedResource(info: Pick<ResourceInfo, 'group' | 'resource'>): string {
  return info.group ? `${info.resource}.${info.group}` : info.resource;
}

/** The name upstream uses for a kind in Invalid messages: "Pod", "Deployment.apps". */
export function qualifiedKind(info: Pick<ResourceInfo, 'group' | 'kind'>): string {
  return info.group ? `${info.kind}.${info.group}` : info.kind;
}

export function findResource(group: string, version: string, resource: string) {
  return RESOURCES.find(
    (x) => x.group === group && x.version === version && x.resource === resource,
  );
}

export function findByKind(apiVersion: string, kind: string) {
  return RESOURCES.find((x) => groupVersion(x) === apiVersion && x.kind === kind);
}
