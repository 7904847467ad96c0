/**
 * Server-side Table printing for `kubectl get`: negotiate (`wantsTable`), print (`toTable`,
 * `tableWatchEncoder`), and the shared age formatting (`humanDuration`, `ageSince`).
 */
export { wantsTable } from './negotiate';
export { toTable, tableWatchEncoder, type ToTableOptions } from './to-table';
export { humanDuration, ageSince } from './duration';
export { printerFor, hasOwnPrinter } from './registry';
export type {
  Cell,
  IncludeObject,
  PartialObjectMetadata,
  Printer,
  Table,
  TableColumnDefinition,
  TableRow,
  TableRowCondition,
  TableVersion,
} from './table';
