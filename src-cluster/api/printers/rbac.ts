/**
 * RBAC: Roles and ClusterRoles print their creation time (rules do not fit a cell); bindings show
 * which role they grant and, wide, to whom.
 */
import type { ClusterRoleBinding, Role, RoleBinding, Subject } from 'kubernetes-types/rbac/v1';
import { AGE_COLUMN, column, CREATED_AT_COLUMN, nameColumn, wideColumn } from './columns';
import { ageSince } from './duration';
import { createdAt } from './format';
import { definePrinter } from './table';

export const rolePrinter = definePrinter<Role>([nameColumn(), CREATED_AT_COLUMN], (role) => [
  role.metadata?.name ?? '',
  createdAt(role.metadata?.creationTimestamp),
]);

/**
 * Users, Groups and ServiceAccounts cells, each ", "-joined; service accounts as "namespace/name".
 * Subjects of any other kind have no column.
 */
export function subjectCells(subjects: readonly Subject[] | undefined): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of subjects ?? []) {
    if (s.kind === 'User') users.push(s.name);
    else if (s.kind === 'Group') groups.push(s.name);
    else if (s.kind === 'ServiceAccount') sas.push(`${s.namespace ?? ''}/${s.name}`);
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

export const roleBindingPrinter = definePrinter<RoleBinding | ClusterRoleBinding>(
  [
    nameColumn(),
    column('Role', 'The granted role as Kind/name.'),
    AGE_COLUMN,
    wideColumn('Users', 'Users the role is granted to.'),
    wideColumn('Groups', 'Groups the role is granted to.'),
    wideColumn('ServiceAccounts', 'Service accounts the role is granted to.'),
  ],
  (b, now) => [
    b.metadata?.name ?? '',
    `${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`,
    ageSince(b.metadata?.creationTimestamp, now),
    ...subjectCells(b.subjects),
  ],
);
