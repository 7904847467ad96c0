/** Shared helpers for printer tests: a fixed clock, timestamps relative to it, a kubectl-like view. */
import type { StoredObject } from '../../../../src-cluster/api/object';
import { findResource } from '../../../../src-cluster/api/resources';
import { toTable, type Cell, type Table } from '../../../../src-cluster/api/printers';

/** The test's "now": ages are measured from here, never from the wall clock. */
export const NOW = Date.parse('2026-11-25T19:26:06Z');

const S = 1000;
export const SEC = S;
export const MIN = 60 * S;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** An RFC 3339 timestamp `ms` before NOW (second precision, as the server writes them). */
export function ago(ms: number): string {
  return new Date(NOW - ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The ResourceInfo of a served resource; throws if it is not served. */
export function res(group: string, resource: string, version = 'v1') {
  const info = findResource(group, version, resource);
  if (!info) throw new Error(`not served: ${group}/${version}/${resource}`);
  return info;
}

/** The table for objects of one resource at NOW. */
export function table(group: string, resource: string, ...objs: object[]): Table {
  return toTable(res(group, resource), objs as StoredObject[], { now: NOW });
}

/** One object's row as { COLUMN NAME: cell }. */
export function row(group: string, resource: string, obj: object): Record<string, Cell> {
  const t = table(group, resource, obj);
  const out: Record<string, Cell> = {};
  t.columnDefinitions!.forEach((c, i) => (out[c.name] = t.rows[0]!.cells[i]!));
  return out;
}

/**
 * What kubectl prints for a Table: upper-case headers, priority>0 columns only when wide, columns
 * padded to their widest cell plus three spaces, nothing after the last column.
 */
export function render(t: Table, wide = false): string {
  const keep = t
    .columnDefinitions!.map((c, i) => ({ c, i }))
    .filter(({ c }) => wide || c.priority === 0);
  const lines = [
    keep.map(({ c }) => c.name.toUpperCase()),
    ...t.rows.map((r) => keep.map(({ i }) => String(r.cells[i]))),
  ];
  const widths = keep.map((_, j) => Math.max(...lines.map((l) => l[j]!.length)));
  return lines
    .map((l) =>
      l
        .map((cell, j) => (j === l.length - 1 ? cell : cell.padEnd(widths[j]! + 3)))
        .join('')
        .trimEnd(),
    )
    .join('\n');
}
