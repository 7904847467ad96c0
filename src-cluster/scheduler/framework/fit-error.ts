/**
 * The FailedScheduling message, built exactly as upstream's FitError does, because users (and our
 * labs) read it:
 *
 *   0/5 nodes are available: 2 Insufficient memory, 3 node(s) had untolerated taint
 *   {dedicated: gpu}. preemption: 0/5 nodes are available: 5 Preemption is not helpful for
 *   scheduling.
 *
 * Every reason of every rejected node is counted; the "<count> <reason>" strings are sorted as
 * plain strings (so "10 …" sorts before "2 …", as in Go) and joined with ", ".
 */
import type { Status } from './status';

export const NO_NODE_AVAILABLE = (n: number) => `0/${n} nodes are available:`;

export interface FitErrorInput {
  numAllNodes: number;
  /** Set when a PreFilter rejected the pod: then per-node reasons are not listed. */
  preFilterMsg?: string;
  /** Each rejected node's status. */
  nodeStatuses: ReadonlyMap<string, Status>;
  /** The PostFilter (preemption) outcome, already prefixed with "preemption: ". */
  postFilterMsg?: string;
}

/** "<count> <reason>" entries, sorted like Go's sort.Strings. */
export function reasonHistogram(statuses: Iterable<Status>): string[] {
  const counts = new Map<string, number>();
  for (const s of statuses) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([r, n]) => `${n} ${r}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function fitErrorMessage(e: FitErrorInput): string {
  let msg = NO_NODE_AVAILABLE(e.numAllNodes);
  if (e.preFilterMsg) {
    msg += ` ${e.preFilterMsg}.`;
  } else {
    const hist = reasonHistogram(e.nodeStatuses.values());
    if (hist.length) msg += ` ${hist.join(', ')}.`;
  }
  if (e.postFilterMsg) msg += ` ${e.postFilterMsg}`;
  return msg;
}
