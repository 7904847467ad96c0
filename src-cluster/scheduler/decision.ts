/**
 * The record of one scheduling decision: which plugin rejected which node and why, how each
 * feasible node scored per plugin, and the node chosen. It is emitted as a trace event (verb
 * "schedule") and, for a bound pod, written to the pod's annotation
 * `kubelab.dev/scheduling-decision`, so `kubectl get pod -o yaml` shows why the pod landed where it
 * did. Big clusters would make it huge, so it keeps the first MAX_LISTED rejected nodes and the
 * MAX_LISTED best-scoring ones, and says how many there were.
 */
import type { ScoreResult } from './framework/runtime';
import type { Status } from './framework/status';

export const DECISION_ANNOTATION = 'kubelab.dev/scheduling-decision';
export const MAX_LISTED = 20;

export interface NodeRejection {
  plugin: string;
  reasons: string[];
}

export interface NodeScores {
  /** Weighted sum: what the choice was made on. */
  total: number;
  /** Per plugin, normalized to 0–100, before weighting. */
  plugins: Record<string, number>;
}

export interface SchedulingDecision {
  pod: string;
  /** "Scheduled" (placed, binding follows), "Unschedulable" or "Error". */
  outcome: 'Scheduled' | 'Unschedulable' | 'Error';
  node?: string;
  /** Attempt number for this pod (1 = first try). */
  attempt: number;
  totalNodes: number;
  /** Nodes run through Filter (fewer than totalNodes when percentageOfNodesToScore cut it short). */
  evaluatedNodes: number;
  feasibleNodes: number;
  /** A PreFilter that rejected the pod outright. */
  preFilter?: NodeRejection;
  /** node → the first plugin that rejected it. */
  filtered: Record<string, NodeRejection>;
  /** node → scores (the best MAX_LISTED). */
  scores: Record<string, NodeScores>;
  /** Score weights used. */
  weights: Record<string, number>;
  message?: string;
  nominatedNode?: string;
  truncated?: boolean;
}

export function rejectionsOf(
  rejected: ReadonlyMap<string, Status>,
  into: Record<string, NodeRejection>,
): boolean {
  let n = 0;
  for (const [node, s] of rejected) {
    if (n++ >= MAX_LISTED) return true;
    into[node] = { plugin: s.plugin, reasons: [...s.reasons] };
  }
  return false;
}

export function scoresOf(result: ScoreResult, into: Record<string, NodeScores>): boolean {
  const sorted = [...result.totals].sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : 1));
  for (const t of sorted.slice(0, MAX_LISTED)) {
    const plugins: Record<string, number> = {};
    for (const [p, byNode] of result.perPlugin) plugins[p] = byNode.get(t.name) ?? 0;
    into[t.name] = { total: t.score, plugins };
  }
  return sorted.length > MAX_LISTED;
}
