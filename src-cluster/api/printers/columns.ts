/**
 * Column-definition constructors. Descriptions are kubelab's own short wording; what kubectl uses is
 * the name, the priority and (for Name) the "name" format.
 */
import type { TableColumnDefinition } from './table';

/** A column shown by plain `kubectl get`. */
export function column(
  name: string,
  description: string,
  type: TableColumnDefinition['type'] = 'string',
): TableColumnDefinition {
  return { name, type, format: '', description, priority: 0 };
}

/** A column shown only by `kubectl get -o wide` (priority 1). */
export function wideColumn(
  name: string,
  description: string,
  type: TableColumnDefinition['type'] = 'string',
): TableColumnDefinition {
  return { name, type, format: '', description, priority: 1 };
}

/** The object's name; format "name" tells clients which column identifies the row. */
export function nameColumn(priority = 0): TableColumnDefinition {
  return {
    name: 'Name',
    type: 'string',
    format: 'name',
    description:
      'Name of the object, unique within its namespace (or cluster for cluster-scoped kinds).',
    priority,
  };
}

/** Time since the object was created, as a short human duration. */
export const AGE_COLUMN: TableColumnDefinition = column(
  'Age',
  'How long ago the object was created.',
);

/** The creation time itself (RFC 3339, UTC), for kinds upstream prints without an age. */
export const CREATED_AT_COLUMN: TableColumnDefinition = column(
  'Created At',
  'When the object was created (RFC 3339, UTC).',
  'date',
);

/** The three wide columns every workload printer ends with. */
export const WORKLOAD_WIDE_COLUMNS: readonly TableColumnDefinition[] = [
  wideColumn('Containers', 'Names of the containers in the pod template.'),
  wideColumn('Images', 'Images of the containers in the pod template, in the same order.'),
  wideColumn('Selector', 'Label selector that picks the pods this object owns.'),
];
