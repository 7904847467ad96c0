/** Cell formatting shared by several printers: label maps, selectors, container lists, lists. */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { Container } from 'kubernetes-types/core/v1';
import { fromLabelSelector, SelectorError } from '../selectors';

/** The placeholder kubectl users know for "nothing here". */
export const NONE = '<none>';

/** A label map as "k1=v1,k2=v2", keys sorted; `<none>` when empty (Service selector, node selector). */
export function formatLabels(labels: Readonly<Record<string, string>> | null | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return NONE;
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/**
 * A structured selector in query form ("app=web,tier in (be,fe)"). An empty or absent selector
 * prints as "" — how upstream's Deployment printer shows it. `<error>` marks an operator the
 * selector package rejects, rather than failing the whole list.
 */
export function selectorString(sel: LabelSelector | null | undefined): string {
  try {
    return fromLabelSelector(sel).toString();
  } catch (e) {
    if (e instanceof SelectorError) return '<error>';
    throw e;
  }
}

/** Like selectorString, but `<none>` when it selects everything or nothing (Jobs, ReplicaSets…). */
export function formatSelector(sel: LabelSelector | null | undefined): string {
  return selectorString(sel) || NONE;
}

/** The Containers and Images cells of a pod template: names and images, comma-joined, in order. */
export function containerCells(
  containers: readonly Container[] | null | undefined,
): [names: string, images: string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(','), list.map((c) => c.image ?? '').join(',')];
}

/**
 * The first `max` items comma-joined, then " + N more..." for the rest, so a wide Service does not
 * flood the terminal. `empty` is what an empty list prints as.
 */
export function listWithMore(items: readonly string[], max: number, empty: string): string {
  if (items.length === 0) return empty;
  const shown = items.slice(0, max).join(',');
  return items.length > max ? `${shown} + ${items.length - max} more...` : shown;
}

/** A creation time as RFC 3339 in UTC at second precision ("2024-05-01T12:00:00Z"). */
export function createdAt(timestamp: string | null | undefined): string {
  const t = timestamp ? Date.parse(timestamp) : NaN;
  // Upstream formats Go's zero time for an unset timestamp; keep that recognisable value.
  if (Number.isNaN(t)) return '0001-01-01T00:00:00Z';
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** "host:port", bracketing IPv6 addresses as Go's net.JoinHostPort does. */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
