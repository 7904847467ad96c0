/**
 * Patch metadata for Pod and everything that embeds a PodTemplateSpec (Deployment, ReplicaSet,
 * DaemonSet, Job). Facts from the core/v1 types' struct tags.
 */
import { OBJECT_META, CONDITIONS } from './meta';
import { ATOMIC, mergeList, struct, type FieldPatchMeta, type PatchSchema } from './types';

/** Container, InitContainer and EphemeralContainer share these. */
const CONTAINER: PatchSchema = {
  ports: mergeList('containerPort'),
  env: mergeList('name'),
  volumeMounts: mergeList('mountPath'),
  volumeDevices: mergeList('devicePath'),
  // No patch strategy upstream: a patch replaces these lists whole.
  command: ATOMIC,
  args: ATOMIC,
  envFrom: ATOMIC,
  resizePolicy: ATOMIC,
};

export const POD_SPEC: PatchSchema = {
  containers: mergeList('name', CONTAINER),
  initContainers: mergeList('name', CONTAINER),
  ephemeralContainers: mergeList('name', CONTAINER),
  // A volume is a union of sources: retainKeys lets a patch switch emptyDir → configMap cleanly.
  volumes: { ...mergeList('name'), retainKeys: true },
  imagePullSecrets: mergeList('name'),
  hostAliases: mergeList('ip'),
  topologySpreadConstraints: mergeList('topologyKey'),
  schedulingGates: mergeList('name'),
  resourceClaims: { ...mergeList('name'), retainKeys: true },
  tolerations: ATOMIC,
  readinessGates: ATOMIC,
};

export const POD_STATUS: PatchSchema = {
  conditions: CONDITIONS,
  podIPs: mergeList('ip'),
  hostIPs: mergeList('ip'),
  resourceClaimStatuses: { ...mergeList('name'), retainKeys: true },
};

/** spec.template of the workload kinds. */
export const POD_TEMPLATE_SPEC: FieldPatchMeta = struct({
  metadata: OBJECT_META,
  spec: struct(POD_SPEC),
});

export const POD: PatchSchema = {
  metadata: OBJECT_META,
  spec: struct(POD_SPEC),
  status: struct(POD_STATUS),
};
