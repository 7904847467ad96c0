/**
 * Entry point of defaulting: `applyDefaults` fills the fields a user left out, exactly where
 * upstream does, so what comes back from a create is what a real cluster would return.
 */
import type { KubeObject } from '../object';
import type { ResourceInfo } from '../resources';
import {
  defaultBinding,
  defaultEndpointSlice,
  defaultEndpoints,
  defaultNamespace,
  defaultNode,
  defaultSecret,
} from './core';
import { defaultPod } from './pod';
import { defaultService } from './service';
import { defaultDaemonSet, defaultDeployment, defaultJob, defaultReplicaSet } from './workloads';

export { defaultPodSpec, defaultPullPolicy, imageTag } from './pod';
export { generateJobSelector, JOB_CONTROLLER_UID_LABEL, JOB_NAME_LABEL } from './workloads';

type Defaulter = (obj: never) => void;

const DEFAULTERS: Record<string, Defaulter> = {
  '/Pod': defaultPod,
  '/Service': defaultService,
  '/Namespace': defaultNamespace,
  '/Secret': defaultSecret,
  '/Node': defaultNode,
  '/Endpoints': defaultEndpoints,
  'apps/Deployment': defaultDeployment,
  'apps/ReplicaSet': defaultReplicaSet,
  'apps/DaemonSet': defaultDaemonSet,
  'batch/Job': defaultJob,
  'discovery.k8s.io/EndpointSlice': defaultEndpointSlice,
  'rbac.authorization.k8s.io/RoleBinding': defaultBinding,
  'rbac.authorization.k8s.io/ClusterRoleBinding': defaultBinding,
};

/**
 * Applies upstream's defaults for `info`'s kind to `obj`, in place. Kinds with no defaults
 * (ConfigMap, ServiceAccount, Lease, Role, Events, …) are left unchanged. Idempotent. Call it after
 * the server has set metadata.uid so a Job gets its generated selector.
 */
export function applyDefaults(info: ResourceInfo, obj: KubeObject): void {
  const fn = DEFAULTERS[`${info.group}/${info.kind}`] as ((o: KubeObject) => void) | undefined;
  fn?.(obj);
}
