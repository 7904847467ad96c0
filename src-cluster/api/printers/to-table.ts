/**
 * Objects → meta.k8s.io Table, for lists, single GETs (a one-row Table) and watch events.
 */
import type { ResourceInfo } from '../resources';
import type { StoredObject } from '../object';
import { printerFor } from './registry';
import type { IncludeObject, PartialObjectMetadata, Table, TableRow, TableVersion } from './table';

export interface ToTableOptions {
  /** Milliseconds since the epoch; every Age and Duration cell is measured from it. */
  now: number;
  /** What each row carries besides cells; default Metadata (a PartialObjectMetadata). */
  includeObject?: IncludeObject;
  /** Leave out columnDefinitions (every watch event after the first). */
  noHeaders?: boolean;
  /** Default v1. */
  tableVersion?: TableVersion;
  /**
   * The list's metadata. When omitted for a single object, the Table carries that object's
   * resourceVersion, as upstream does for a GET or a watch event.
   */
  listMeta?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
}

function rowObject(
  obj: StoredObject,
  include: IncludeObject,
  metaApiVersion: string,
): TableRow['object'] {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  const partial: PartialObjectMetadata = {
    kind: 'PartialObjectMetadata',
    apiVersion: metaApiVersion,
    metadata: obj.metadata,
  };
  return partial;
}

function tableMetadata(objects: readonly StoredObject[], opts: ToTableOptions): Table['metadata'] {
  const meta: Table['metadata'] = {};
  const src = opts.listMeta;
  if (src) {
    if (src.resourceVersion) meta.resourceVersion = src.resourceVersion;
    if (src.continue) meta.continue = src.continue;
    if (src.remainingItemCount != null) meta.remainingItemCount = src.remainingItemCount;
  } else if (objects.length === 1 && objects[0]!.metadata.resourceVersion) {
    meta.resourceVersion = objects[0]!.metadata.resourceVersion;
  }
  return meta;
}

/**
 * Prints `objects` (all of resource `info`, in the shape of `info`'s version) as a Table. Rows
 * keep the input order. Row objects share metadata with the inputs: serialise, do not mutate.
 */
export function toTable(
  info: Pick<ResourceInfo, 'group' | 'resource'>,
  objects: readonly StoredObject[],
  opts: ToTableOptions,
): Table {
  const printer = printerFor(info);
  const metaApiVersion = `meta.k8s.io/${opts.tableVersion ?? 'v1'}` as const;
  const include = opts.includeObject ?? 'Metadata';
  const table: Table = {
    kind: 'Table',
    apiVersion: metaApiVersion,
    metadata: tableMetadata(objects, opts),
    rows: [],
  };
  if (!opts.noHeaders) table.columnDefinitions = printer.columns.map((c) => ({ ...c }));
  for (const obj of objects) {
    const row: TableRow = { cells: printer.cells(obj, opts.now) };
    const conditions = printer.conditions?.(obj);
    if (conditions) row.conditions = conditions;
    const object = rowObject(obj, include, metaApiVersion);
    if (object) row.object = object;
    table.rows.push(row);
  }
  return table;
}

/**
 * An encoder for one watch stream: each event object becomes a one-row Table, and only the first
 * carries columnDefinitions (kubectl prints the header once, from that event). `now` is read per
 * event so ages are current when the event is sent.
 */
export function tableWatchEncoder(
  info: Pick<ResourceInfo, 'group' | 'resource'>,
  opts: { now: () => number; includeObject?: IncludeObject; tableVersion?: TableVersion },
): (obj: StoredObject) => Table {
  let first = true;
  return (obj) => {
    const table = toTable(info, [obj], {
      now: opts.now(),
      noHeaders: !first,
      ...(opts.includeObject ? { includeObject: opts.includeObject } : {}),
      ...(opts.tableVersion ? { tableVersion: opts.tableVersion } : {}),
    });
    first = false;
    return table;
  };
}
