/**
 * Entry point of validation: `validateObject` picks the rules for a resource (by group and kind),
 * for create (no `old`), update (with `old`) or a subresource write (`status`, `scale`, `binding`).
 * It returns upstream-shaped causes; an empty list means the object is valid.
 */
import type { DaemonSet, Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Job } from 'kubernetes-types/batch/v1';
import type {
  ConfigMap,
  Endpoints,
  Event as CoreEvent,
  Namespace,
  Node,
  Pod,
  Secret,
  Service,
  ServiceAccount,
} from 'kubernetes-types/core/v1';
import type { FieldCause, KubeObject } from '../object';
import type { ResourceInfo } from '../resources';
import {
  validateAppsStatus,
  validateDaemonSet,
  validateDeployment,
  validateReplicaSet,
  validateSelectorImmutable,
} from './apps';
import { nonNegative } from './container';
import {
  validateConfigMap,
  validateEndpoints,
  validateImmutableData,
  validateNamespace,
  validateNode,
  validateNodeUpdate,
  validateSecret,
  validateSecretUpdate,
  validateServiceAccount,
} from './core';
import { required } from './errors';
import { validateJob, validateJobStatus, validateJobUpdate } from './job';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta';
import {
  validateCoreEvent,
  validateEndpointSlice,
  validateEndpointSliceUpdate,
  validateEventsV1,
  validateLease,
} from './misc';
import { nameIsDNSSubdomain } from './names';
import { validatePod, validatePodStatusUpdate, validatePodUpdate } from './pod';
import {
  validateClusterRole,
  validateClusterRoleBinding,
  validateRole,
  validateRoleBinding,
  validateRoleRefUpdate,
} from './rbac';
import { validateService, validateServiceUpdate } from './service';
import { validateConditions } from './workload';

export { formatInvalidMessage } from './errors';

type Create = (obj: never) => FieldCause[];
/** Extra update rules; the create rules and metadata identity checks run as well unless `replaces`. */
type Update = (obj: never, old: never) => FieldCause[];

interface KindRules {
  create: Create;
  update?: Update;
  /** When true, `update` already includes the create rules. */
  updateIncludesCreate?: boolean;
  status?: (obj: never, old: never) => FieldCause[];
}

const RULES: Record<string, KindRules> = {
  '/Namespace': { create: validateNamespace },
  '/Pod': {
    create: validatePod,
    update: validatePodUpdate,
    updateIncludesCreate: true,
    status: validatePodStatusUpdate,
  },
  '/Node': { create: validateNode, update: validateNodeUpdate, updateIncludesCreate: true },
  '/Service': {
    create: validateService,
    update: validateServiceUpdate,
    updateIncludesCreate: true,
  },
  '/Endpoints': { create: validateEndpoints },
  '/ConfigMap': { create: validateConfigMap, update: validateImmutableData },
  '/Secret': { create: validateSecret, update: validateSecretUpdate, updateIncludesCreate: true },
  '/ServiceAccount': { create: validateServiceAccount },
  '/Event': { create: validateCoreEvent },
  'apps/Deployment': {
    create: validateDeployment,
    update: validateSelectorImmutable,
    status: (o: Deployment) => validateAppsStatus('Deployment', o),
  },
  'apps/ReplicaSet': {
    create: validateReplicaSet,
    update: validateSelectorImmutable,
    status: (o: ReplicaSet) => validateAppsStatus('ReplicaSet', o),
  },
  'apps/DaemonSet': {
    create: validateDaemonSet,
    update: validateSelectorImmutable,
    status: (o: DaemonSet) => validateAppsStatus('DaemonSet', o),
  },
  'batch/Job': {
    create: validateJob,
    update: validateJobUpdate,
    updateIncludesCreate: true,
    status: (o: Job) => validateJobStatus(o),
  },
  'coordination.k8s.io/Lease': { create: validateLease },
  'discovery.k8s.io/EndpointSlice': {
    create: validateEndpointSlice,
    update: validateEndpointSliceUpdate,
    updateIncludesCreate: true,
  },
  'events.k8s.io/Event': { create: validateEventsV1 },
  'rbac.authorization.k8s.io/Role': { create: validateRole },
  'rbac.authorization.k8s.io/ClusterRole': { create: validateClusterRole },
  'rbac.authorization.k8s.io/RoleBinding': {
    create: validateRoleBinding,
    update: validateRoleRefUpdate,
  },
  'rbac.authorization.k8s.io/ClusterRoleBinding': {
    create: validateClusterRoleBinding,
    update: validateRoleRefUpdate,
  },
};

function validateStatusWrite(
  info: ResourceInfo,
  rules: KindRules | undefined,
  obj: KubeObject,
  old: KubeObject | undefined,
): FieldCause[] {
  const causes = old ? validateObjectMetaUpdate(obj.metadata, old.metadata) : [];
  if (rules?.status) {
    // Pod's status rules include the metadata identity checks themselves.
    if (info.kind === 'Pod' && info.group === '')
      return (rules.status as (o: Pod, p: Pod) => FieldCause[])(obj as Pod, (old ?? obj) as Pod);
    return [
      ...causes,
      ...(rules.status as (o: KubeObject, p: KubeObject) => FieldCause[])(obj, old ?? obj),
    ];
  }
  const status = obj.status as
    { conditions?: { type?: string; status?: string }[]; phase?: string } | undefined;
  causes.push(...validateConditions(status?.conditions, 'status.conditions'));
  if (
    info.kind === 'Namespace' &&
    status?.phase &&
    !['Active', 'Terminating'].includes(status.phase)
  ) {
    causes.push(...validateNamespace(obj as Namespace).filter((c) => c.field === 'status.phase'));
  }
  if (info.kind === 'Node')
    causes.push(...validateNode(obj as Node).filter((c) => c.field.startsWith('status.')));
  return causes;
}

/**
 * Validates `obj` for `info`. Create when `old` is undefined, update otherwise; `subresource`
 * selects the rules for writes to /status (status shape only), /scale (replicas ≥ 0) and /binding
 * (a target node). Kinds without specific rules get the generic metadata checks.
 */
export function validateObject(
  info: ResourceInfo,
  obj: KubeObject,
  old?: KubeObject,
  subresource?: string,
): FieldCause[] {
  const rules = RULES[`${info.group}/${info.kind}`];
  if (subresource === 'status') return validateStatusWrite(info, rules, obj, old);
  if (subresource === 'scale') {
    const causes: FieldCause[] = [];
    nonNegative(causes, (obj.spec as { replicas?: number } | undefined)?.replicas, 'spec.replicas');
    return causes;
  }
  if (subresource === 'binding') {
    const target = obj.target as { name?: string } | undefined;
    return target?.name ? [] : [required('target.name')];
  }
  const create = (o: KubeObject): FieldCause[] =>
    rules
      ? (rules.create as (x: KubeObject) => FieldCause[])(o)
      : validateObjectMeta(o.metadata, info.namespaced, nameIsDNSSubdomain);
  if (!old) return create(obj);
  const update = rules?.update as ((o: KubeObject, p: KubeObject) => FieldCause[]) | undefined;
  const causes = validateObjectMetaUpdate(obj.metadata, old.metadata);
  if (update && rules?.updateIncludesCreate) {
    // These update rules run the create rules and (for Pod) the metadata identity checks too.
    const own = update(obj, old);
    return info.kind === 'Pod' ? own : dedupe([...causes, ...own]);
  }
  return [...causes, ...create(obj), ...(update ? update(obj, old) : [])];
}

function dedupe(causes: FieldCause[]): FieldCause[] {
  const seen = new Set<string>();
  return causes.filter((c) => {
    const key = `${c.reason}\u0000${c.field}\u0000${c.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// Re-exported so callers need one import for kind-typed helpers.
export type { ConfigMap, CoreEvent, Endpoints, Secret, Service, ServiceAccount };
