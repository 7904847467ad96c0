/**
 * The printer for any resource without its own: name and creation time. This is what upstream's
 * generic table convertor prints for custom resources, so new kinds work with `kubectl get` at once.
 */
import { CREATED_AT_COLUMN, nameColumn } from './columns';
import { createdAt } from './format';
import { definePrinter } from './table';
import type { StoredObject } from '../object';

export const defaultPrinter = definePrinter<StoredObject>(
  [nameColumn(), CREATED_AT_COLUMN],
  (obj) => [obj.metadata.name ?? '', createdAt(obj.metadata.creationTimestamp)],
);
