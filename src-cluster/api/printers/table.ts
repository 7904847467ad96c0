/**
 * The meta.k8s.io Table shape `kubectl get` asks for, and the Printer contract every per-resource
 * printer fulfils. Field names are upstream's (metav1.Table); kubernetes-types does not ship them.
 */
import type { MutableObjectMeta, StoredObject } from '../object';

/** The two Table versions kubectl offers in its Accept header (v1 first). */
export type TableVersion = 'v1' | 'v1beta1';

/** What a row carries besides its cells (`?includeObject=`); Metadata is the default. */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** One printed value. kubectl prints strings, integers and booleans as given. */
export type Cell = string | number | boolean;

/** One column. `priority > 0` columns appear only with `-o wide`. */
export interface TableColumnDefinition {
  /** Header text; kubectl upper-cases it. */
  name: string;
  /** OpenAPI type of the cells: "string", "integer", "number", "boolean" or "date". */
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  /** "name" marks the column that holds the object's name (kubectl -o name, -A). */
  format: string;
  description: string;
  priority: number;
}

/** A row condition; upstream marks finished pods with `Completed` so clients may hide them. */
export interface TableRowCondition {
  type: 'Completed';
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

/** Metadata-only stand-in for an object (`row.object` by default). */
export interface PartialObjectMetadata {
  kind: 'PartialObjectMetadata';
  /** Follows the Table's version: meta.k8s.io/v1 or meta.k8s.io/v1beta1. */
  apiVersion: string;
  metadata: MutableObjectMeta;
}

export interface TableRow {
  cells: Cell[];
  conditions?: TableRowCondition[];
  /** Absent for includeObject=None. kubectl reads namespace and labels from here (-A, -L). */
  object?: PartialObjectMetadata | StoredObject;
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1' | 'meta.k8s.io/v1beta1';
  /** ListMeta: `get -w` starts its watch from `resourceVersion`. */
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  /** Omitted when the caller asked for no headers (every watch event after the first). */
  columnDefinitions?: TableColumnDefinition[];
  rows: TableRow[];
}

/**
 * How one resource prints. `cells` returns exactly one value per column, in column order, for the
 * wide layout (the server always prints wide; kubectl hides priority > 0 columns itself).
 * `now` is milliseconds since the epoch, so ages never depend on the wall clock.
 */
export interface Printer {
  readonly columns: readonly TableColumnDefinition[];
  cells(obj: StoredObject, now: number): Cell[];
  conditions?(obj: StoredObject): TableRowCondition[] | undefined;
}

/**
 * Builds a printer for objects of type T. The cast is the one place where a stored object is read
 * as its kind's shape: the registry only routes objects of the printer's own resource here.
 */
export function definePrinter<T>(
  columns: readonly TableColumnDefinition[],
  cells: (obj: T, now: number) => Cell[],
  conditions?: (obj: T) => TableRowCondition[] | undefined,
): Printer {
  return {
    columns,
    cells: (obj, now) => cells(obj as unknown as T, now),
    ...(conditions ? { conditions: (obj) => conditions(obj as unknown as T) } : {}),
  };
}
