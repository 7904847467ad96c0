/** Namespaces: the phase matters because a Terminating namespace refuses new objects. */
import type { Namespace } from 'kubernetes-types/core/v1';
import { AGE_COLUMN, column, nameColumn } from './columns';
import { ageSince } from './duration';
import { definePrinter } from './table';

export const namespacePrinter = definePrinter<Namespace>(
  [
    nameColumn(),
    column('Status', 'Active, or Terminating while its contents are deleted.'),
    AGE_COLUMN,
  ],
  (ns, now) => [
    ns.metadata?.name ?? '',
    ns.status?.phase ?? '',
    ageSince(ns.metadata?.creationTimestamp, now),
  ],
);
