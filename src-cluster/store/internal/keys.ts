/**
 * Key ordering and revision checks shared by the in-process backends (memory, sqlite), so both
 * answer exactly as etcd does.
 */
import { CompactedError, FutureRevisionError } from '../store';

/**
 * Compares two keys in UTF-8 byte order (= code point order), the order etcd and SQLite's BINARY
 * collation use. Plain `<` on JS strings compares UTF-16 units and differs for astral characters.
 */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++; // both strings hold the same surrogate pair here
  }
  return a.length - b.length;
}

/**
 * The smallest string greater than every key starting with prefix, or null when there is none
 * (empty prefix = the whole keyspace). Used as the exclusive upper bound of a prefix range.
 */
export function prefixEnd(prefix: string): string | null {
  if (prefix === '') return null;
  const last = prefix.codePointAt(prefix.length - 1)!;
  const head = last > 0xffff ? prefix.slice(0, -2) : prefix.slice(0, -1);
  return head + String.fromCodePoint(last + 1);
}

/**
 * Resolves the revision a read should use and enforces etcd's rules: 0/absent = current; above the
 * current revision → FutureRevisionError; below the compacted revision → CompactedError (a read at
 * exactly the compacted revision is allowed: that snapshot is intact).
 */
export function resolveReadRevision(
  requested: number | undefined,
  current: number,
  compacted: number,
): number {
  const rev = requested ?? 0;
  if (rev <= 0) return current;
  if (rev > current) throw new FutureRevisionError(rev, current);
  if (rev < compacted) throw new CompactedError(rev, compacted);
  return rev;
}

/** Validates a compaction target the way etcd does. */
export function checkCompactRevision(rev: number, current: number, compacted: number): void {
  if (rev > current) throw new FutureRevisionError(rev, current);
  if (rev <= compacted) throw new CompactedError(rev, compacted);
}
