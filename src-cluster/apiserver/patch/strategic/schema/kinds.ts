/**
 * The strategic-merge-patch schema of every kind in RESOURCES, by "<group>/<kind>". Lists not named
 * here have no patch strategy upstream and are replaced by a patch.
 */
import { CONDITIONS, OBJECT_META, PLAIN_OBJECT, objectWithConditions } from './meta';
import { POD, POD_TEMPLATE_SPEC } from './pod';
import { ATOMIC, PRIMITIVE_SET, mergeList, struct, type PatchSchema } from './types';

/** Deployment, ReplicaSet, DaemonSet and Job: a pod template plus conditions merged by type. */
function workload(spec: PatchSchema = {}): PatchSchema {
  return objectWithConditions({
    spec: struct({ template: POD_TEMPLATE_SPEC, ...spec }),
  });
}

const RBAC_ROLE: PatchSchema = { metadata: OBJECT_META, rules: ATOMIC };
const RBAC_BINDING: PatchSchema = { metadata: OBJECT_META, subjects: ATOMIC };

const SCHEMAS: ReadonlyMap<string, PatchSchema> = new Map<string, PatchSchema>([
  ['/Pod', POD],
  ['/Namespace', objectWithConditions()],
  [
    '/Node',
    {
      metadata: OBJECT_META,
      spec: struct({ taints: ATOMIC, podCIDRs: PRIMITIVE_SET }),
      status: struct({ conditions: CONDITIONS, addresses: mergeList('type'), images: ATOMIC }),
    },
  ],
  [
    '/Service',
    objectWithConditions({
      spec: struct({ ports: mergeList('port'), externalIPs: ATOMIC }),
    }),
  ],
  ['/Endpoints', { metadata: OBJECT_META, subsets: ATOMIC }],
  ['/ConfigMap', PLAIN_OBJECT],
  ['/Secret', PLAIN_OBJECT],
  ['/ServiceAccount', { metadata: OBJECT_META, secrets: mergeList('name') }],
  ['/Event', PLAIN_OBJECT],
  ['/ComponentStatus', { metadata: OBJECT_META, conditions: CONDITIONS }],
  // A Deployment's strategy is a union (Recreate | RollingUpdate): switching type clears the other.
  ['apps/Deployment', workload({ strategy: { retainKeys: true } })],
  ['apps/ReplicaSet', workload()],
  ['apps/DaemonSet', workload()],
  ['batch/Job', workload()],
  ['coordination.k8s.io/Lease', PLAIN_OBJECT],
  ['discovery.k8s.io/EndpointSlice', { metadata: OBJECT_META, endpoints: ATOMIC, ports: ATOMIC }],
  ['events.k8s.io/Event', PLAIN_OBJECT],
  ['rbac.authorization.k8s.io/Role', RBAC_ROLE],
  [
    'rbac.authorization.k8s.io/ClusterRole',
    { ...RBAC_ROLE, aggregationRule: struct({ clusterRoleSelectors: ATOMIC }) },
  ],
  ['rbac.authorization.k8s.io/RoleBinding', RBAC_BINDING],
  ['rbac.authorization.k8s.io/ClusterRoleBinding', RBAC_BINDING],
]);

/**
 * The patch schema for a kind, or undefined when kubelab has none (then a strategic merge patch
 * falls back to plain map-merge + list-replace semantics).
 */
export function patchSchemaFor(kind: { group: string; kind: string }): PatchSchema | undefined {
  return SCHEMAS.get(`${kind.group}/${kind.kind}`);
}
