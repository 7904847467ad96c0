/**
 * Which message a (apiVersion, kind) pair in the envelope's TypeMeta names. Only kinds with a table
 * are listed; anything else is an `unknown-kind` error, which the API server answers with 415 so the
 * client knows to send JSON instead.
 */

/** "apiVersion/kind" → qualified message name. */
const KINDS: Readonly<Record<string, string>> = {
  'v1/ConfigMap': 'core.ConfigMap',
  'v1/Secret': 'core.Secret',
  'v1/Namespace': 'core.Namespace',
  'v1/ServiceAccount': 'core.ServiceAccount',
  'v1/Service': 'core.Service',
  'v1/Pod': 'core.Pod',
  'v1/ResourceQuota': 'core.ResourceQuota',
  'apps/v1/Deployment': 'apps.Deployment',
  'batch/v1/Job': 'batch.Job',
  'batch/v1/CronJob': 'batch.CronJob',
  'rbac.authorization.k8s.io/v1/Role': 'rbac.Role',
  'rbac.authorization.k8s.io/v1/ClusterRole': 'rbac.ClusterRole',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'rbac.RoleBinding',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'rbac.ClusterRoleBinding',
  'policy/v1/Eviction': 'policy.Eviction',
  // v1beta1 Eviction has the same wire form; older clients still post it.
  'policy/v1beta1/Eviction': 'policy.Eviction',
  'policy/v1/PodDisruptionBudget': 'policy.PodDisruptionBudget',
  'scheduling.k8s.io/v1/PriorityClass': 'scheduling.PriorityClass',
  'networking.k8s.io/v1/Ingress': 'networking.Ingress',
  'authentication.k8s.io/v1/TokenRequest': 'authentication.TokenRequest',
  'autoscaling/v1/HorizontalPodAutoscaler': 'autoscaling.HorizontalPodAutoscaler',
};

/**
 * The message for a kind, or undefined. DeleteOptions is registered in every group version upstream
 * (a DELETE body carries the group of the resource being deleted), so it matches any apiVersion.
 */
export function messageForKind(apiVersion: string, kind: string): string | undefined {
  if (kind === 'DeleteOptions') return 'meta.DeleteOptions';
  const key = `${apiVersion}/${kind}`;
  return Object.hasOwn(KINDS, key) ? KINDS[key] : undefined;
}

/** Every (apiVersion, kind) with a schema, for docs and tests. */
export function supportedKinds(): { apiVersion: string; kind: string }[] {
  return Object.keys(KINDS).map((key) => {
    const slash = key.lastIndexOf('/');
    return { apiVersion: key.slice(0, slash), kind: key.slice(slash + 1) };
  });
}
