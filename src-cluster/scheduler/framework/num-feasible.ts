/**
 * How many feasible nodes to find before scoring (percentageOfNodesToScore). Big clusters stop
 * filtering early: scoring 5,000 nodes to place one pod costs more than a slightly better
 * placement is worth. Below 100 nodes every node is considered.
 */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/** percentage 0 (the default) = adaptive: 50% minus 1% per 125 nodes, never below 5%. */
export function numFeasibleNodesToFind(numAllNodes: number, percentage = 0): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND || percentage >= 100) return numAllNodes;
  let pct = percentage;
  if (pct <= 0) {
    pct = Math.max(50 - Math.trunc(numAllNodes / 125), MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND);
  }
  const n = Math.trunc((numAllNodes * pct) / 100);
  return Math.max(n, MIN_FEASIBLE_NODES_TO_FIND);
}
