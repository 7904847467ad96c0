/**
 * Pod facts crictl reads from the CRI labels the kubelet sets on containers (`POD`, `NAMESPACE`
 * columns of `ps`); a container created without them shows "unknown", as crictl does.
 */
import { LABELS } from '../kubelet/cri/runtime-service';

const fromLabels = (labels: Record<string, string> | undefined, key: string): string =>
  labels?.[key] ?? 'unknown';

export const podNameOf = (labels?: Record<string, string>) => fromLabels(labels, LABELS.podName);
export const podNamespaceOf = (labels?: Record<string, string>) =>
  fromLabels(labels, LABELS.podNamespace);

/** Sorted `key -> value` lines of the verbose (-v) listings. */
export function labelLines(title: string, m: Record<string, string> | undefined): string {
  if (!m || !Object.keys(m).length) return ''; // an empty map is absent on the wire
  const keys = Object.keys(m).sort();
  return `${title}:\n` + keys.map((k) => `\t${k} -> ${m[k]}\n`).join('');
}

/** A regular expression flag (--name, --namespace); Go's RE2 syntax is close enough to JS's. */
export function compileRegex(pattern: string): RegExp | undefined {
  if (!pattern) return undefined;
  try {
    return new RegExp(pattern);
  } catch (e) {
    throw new Error(
      `invalid regular expression "${pattern}": ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/** Newest first by CRI createdAt (int64 nanoseconds as strings). */
export function byCreatedDesc(a: { createdAt: string }, b: { createdAt: string }): number {
  const x = BigInt(a.createdAt || '0');
  const y = BigInt(b.createdAt || '0');
  return x > y ? -1 : x < y ? 1 : 0;
}

/** How many of `total` items --latest/--last keep (all when neither is set). */
export function truncateCount(total: number, latest: boolean, last: number): number {
  let n = total;
  if (latest) n = 1;
  if (last > 0) n = last;
  return Math.min(n, total);
}
