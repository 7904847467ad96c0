/**
 * rbac.authorization.k8s.io/v1 rules: policy rules (verbs, groups, resources, non-resource URLs),
 * role references and subjects, and the roleRef that a binding can never change.
 */
import type {
  ClusterRole,
  ClusterRoleBinding,
  PolicyRule,
  Role,
  RoleBinding,
  Subject,
} from 'kubernetes-types/rbac/v1';
import type { FieldCause } from '../object';
import { invalid, notSupported, required } from './errors';
import { jsonEqual, validateObjectMeta } from './meta';
import { isDNS1123Subdomain, isValidPathSegmentName, nameIsPathSegment } from './names';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

function validateRule(rule: PolicyRule, field: string, namespaced: boolean): FieldCause[] {
  const causes: FieldCause[] = [];
  if ((rule.verbs ?? []).length === 0)
    causes.push(required(`${field}.verbs`, 'verbs must contain at least one value'));
  const urls = rule.nonResourceURLs ?? [];
  if (urls.length > 0) {
    if (namespaced) {
      causes.push(
        invalid(
          `${field}.nonResourceURLs`,
          urls,
          'namespaced rules cannot apply to non-resource URLs',
        ),
      );
    }
    if (
      (rule.apiGroups ?? []).length > 0 ||
      (rule.resources ?? []).length > 0 ||
      (rule.resourceNames ?? []).length > 0
    ) {
      causes.push(
        invalid(
          `${field}.nonResourceURLs`,
          urls,
          'rules cannot apply to both regular resources and non-resource URLs',
        ),
      );
    }
    return causes;
  }
  if ((rule.apiGroups ?? []).length === 0) {
    causes.push(
      required(`${field}.apiGroups`, 'resource rules must supply at least one api group'),
    );
  }
  if ((rule.resources ?? []).length === 0) {
    causes.push(required(`${field}.resources`, 'resource rules must supply at least one resource'));
  }
  return causes;
}

/** Validates a Role (namespaced: no non-resource URLs). */
export function validateRole(role: Role): FieldCause[] {
  const causes = validateObjectMeta(role.metadata, true, nameIsPathSegment);
  (role.rules ?? []).forEach((r, i) => causes.push(...validateRule(r, `rules[${i}]`, true)));
  return causes;
}

/** Validates a ClusterRole, including an aggregationRule's selectors. */
export function validateClusterRole(role: ClusterRole): FieldCause[] {
  const causes = validateObjectMeta(role.metadata, false, nameIsPathSegment);
  (role.rules ?? []).forEach((r, i) => causes.push(...validateRule(r, `rules[${i}]`, false)));
  if (role.aggregationRule && (role.aggregationRule.clusterRoleSelectors ?? []).length === 0) {
    causes.push(
      required(
        'aggregationRule.clusterRoleSelectors',
        'at least one clusterRoleSelector required if aggregationRule is non-nil',
      ),
    );
  }
  return causes;
}

function validateSubject(s: Subject, field: string, clusterBinding: boolean): FieldCause[] {
  const causes: FieldCause[] = [];
  if (!s.name) causes.push(required(`${field}.name`));
  switch (s.kind) {
    case 'ServiceAccount':
      if (s.name)
        for (const m of isDNS1123Subdomain(s.name))
          causes.push(invalid(`${field}.name`, s.name, m));
      if (s.apiGroup) causes.push(notSupported(`${field}.apiGroup`, s.apiGroup, ['']));
      if (clusterBinding && !s.namespace) causes.push(required(`${field}.namespace`));
      break;
    case 'User':
    case 'Group':
      if (s.apiGroup !== RBAC_GROUP)
        causes.push(notSupported(`${field}.apiGroup`, s.apiGroup ?? '', [RBAC_GROUP]));
      break;
    default:
      causes.push(notSupported(`${field}.kind`, s.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  }
  return causes;
}

function validateBinding(
  b: RoleBinding | ClusterRoleBinding,
  clusterBinding: boolean,
): FieldCause[] {
  const causes = validateObjectMeta(b.metadata, !clusterBinding, nameIsPathSegment);
  const ref = b.roleRef;
  if (!ref) return [...causes, required('roleRef')];
  if (ref.apiGroup !== RBAC_GROUP)
    causes.push(notSupported('roleRef.apiGroup', ref.apiGroup ?? '', [RBAC_GROUP]));
  const kinds = clusterBinding ? ['ClusterRole'] : ['Role', 'ClusterRole'];
  if (!kinds.includes(ref.kind)) causes.push(notSupported('roleRef.kind', ref.kind ?? '', kinds));
  if (!ref.name) causes.push(required('roleRef.name'));
  else
    for (const m of isValidPathSegmentName(ref.name))
      causes.push(invalid('roleRef.name', ref.name, m));
  (b.subjects ?? []).forEach((s, i) =>
    causes.push(...validateSubject(s, `subjects[${i}]`, clusterBinding)),
  );
  return causes;
}

/** Validates a RoleBinding (roleRef to a Role or ClusterRole). */
export function validateRoleBinding(b: RoleBinding): FieldCause[] {
  return validateBinding(b, false);
}

/** Validates a ClusterRoleBinding (roleRef to a ClusterRole; ServiceAccount subjects need a namespace). */
export function validateClusterRoleBinding(b: ClusterRoleBinding): FieldCause[] {
  return validateBinding(b, true);
}

/** Binding update: the roleRef can never change (delete and recreate instead). */
export function validateRoleRefUpdate(
  next: RoleBinding | ClusterRoleBinding,
  prev: RoleBinding | ClusterRoleBinding,
): FieldCause[] {
  return jsonEqual(next.roleRef, prev.roleRef)
    ? []
    : [invalid('roleRef', next.roleRef, 'cannot change roleRef')];
}
