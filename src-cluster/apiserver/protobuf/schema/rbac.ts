/**
 * rbac.authorization.k8s.io/v1: Role, ClusterRole (PolicyRule, AggregationRule), RoleBinding, ClusterRoleBinding (Subject, RoleRef).
 * Field numbers and wire types are facts of upstream's generated.proto; this table is kubelab's own.
 */
import { msg, msgP, msgs, str, strs, type MessageTable } from './types';

export const RBAC: MessageTable = {
  'rbac.Role': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msgs('rules', 'rbac.PolicyRule'),
  },
  'rbac.ClusterRole': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msgs('rules', 'rbac.PolicyRule'),
    3: msgP('aggregationRule', 'rbac.AggregationRule'),
  },
  'rbac.PolicyRule': {
    1: strs('verbs'),
    2: strs('apiGroups'),
    3: strs('resources'),
    4: strs('resourceNames'),
    5: strs('nonResourceURLs'),
  },
  'rbac.AggregationRule': {
    1: msgs('clusterRoleSelectors', 'meta.LabelSelector'),
  },
  'rbac.RoleBinding': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msgs('subjects', 'rbac.Subject'),
    3: msg('roleRef', 'rbac.RoleRef'),
  },
  'rbac.ClusterRoleBinding': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msgs('subjects', 'rbac.Subject'),
    3: msg('roleRef', 'rbac.RoleRef'),
  },
  'rbac.Subject': {
    1: str('kind'),
    2: str('apiGroup'),
    3: str('name'),
    4: str('namespace'),
  },
  'rbac.RoleRef': {
    1: str('apiGroup'),
    2: str('kind'),
    3: str('name'),
  },
};
