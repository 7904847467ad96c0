/**
 * rbac.authorization.k8s.io/v1: Role and ClusterRole (what may be done) and RoleBinding and
 * ClusterRoleBinding (who may do it). Rules and subjects have no merge key upstream: a patch replaces
 * them whole.
 */
import {
  META,
  RBAC,
  objectHeader,
  ref,
  refList,
  str,
  strList,
  struct,
  type Definitions,
  type Schema,
} from './builder';

const R = RBAC;

const rules = (scope: string): Schema =>
  refList(R + 'PolicyRule', `The permissions this role grants${scope}.`);

const roleRef = ref(R + 'RoleRef', 'The Role or ClusterRole granted; cannot be changed later.');
const subjects = refList(R + 'Subject', 'The users, groups and service accounts granted the role.');

export const RBAC_DEFINITIONS: Definitions = {
  [R + 'Role']: struct('A set of permissions within one namespace.', {
    ...objectHeader('Role'),
    rules: rules(' in its namespace'),
  }),
  [R + 'ClusterRole']: struct(
    'A set of permissions that can be granted cluster-wide or, through a RoleBinding, in one namespace.',
    {
      ...objectHeader('ClusterRole'),
      aggregationRule: ref(
        R + 'AggregationRule',
        'When set, the rules are the union of the selected ClusterRoles’ rules.',
      ),
      rules: rules(''),
    },
  ),
  [R + 'RoleBinding']: struct(
    'Grants a Role or ClusterRole to subjects within one namespace.',
    { ...objectHeader('RoleBinding'), roleRef, subjects },
    ['roleRef'],
  ),
  [R + 'ClusterRoleBinding']: struct(
    'Grants a ClusterRole to subjects in every namespace.',
    { ...objectHeader('ClusterRoleBinding'), roleRef, subjects },
    ['roleRef'],
  ),
  [R + 'PolicyRule']: struct(
    'Verbs allowed on some resources (or non-resource URLs).',
    {
      apiGroups: strList('API groups of the resources; "" is the core group, "*" all.'),
      nonResourceURLs: strList('URL paths such as /healthz; only in ClusterRoles.'),
      resourceNames: strList('Restricts the rule to objects with these names.'),
      resources: strList('Resource names such as pods or deployments/scale; "*" for all.'),
      verbs: strList('Allowed verbs: get, list, watch, create, update, patch, delete, "*".'),
    },
    ['verbs'],
  ),
  [R + 'RoleRef']: struct(
    'The role a binding grants.',
    {
      apiGroup: str('rbac.authorization.k8s.io.'),
      kind: str('Role or ClusterRole.'),
      name: str('Name of the role.'),
    },
    ['apiGroup', 'kind', 'name'],
  ),
  [R + 'Subject']: struct(
    'Someone a role is granted to.',
    {
      apiGroup: str('Empty for ServiceAccount, rbac.authorization.k8s.io for User and Group.'),
      kind: str('User, Group or ServiceAccount.'),
      name: str('Name of the user, group or service account.'),
      namespace: str('Namespace of a service account.'),
    },
    ['kind', 'name'],
  ),
  [R + 'AggregationRule']: struct('Selects ClusterRoles whose rules are combined.', {
    clusterRoleSelectors: refList(META + 'LabelSelector', 'Label selectors over ClusterRoles.'),
  }),
};
