/**
 * A fault is one way to break the no-VM cluster on purpose, as a class with three operations
 * (DESIGN.md §4, the `Fault` seam):
 * - apply(): breaks it, and returns what revert needs to know (recorded in the ledger, so a
 *   revert works from the ledger alone, even in a later process);
 * - revert(): puts back exactly the prior state; safe to call twice;
 * - verify(): is the fault's effect in place right now? true after apply, false after revert.
 * Errors a user can act on are FaultErrors ("kubelet on worker-9: no such node (nodes: …)").
 */
import type { ApiClient } from '../client';
import type { NoVmFaultTarget } from './target';

export class FaultError extends Error {}

export type FaultDetail = Record<string, string>;

export interface Fault {
  readonly kind: string;
  /** The user's words for what is broken: "worker-1", "default/web-7d4/web readiness". */
  readonly target: string;
  apply(): Promise<FaultDetail>;
  revert(): Promise<void>;
  verify(): Promise<boolean>;
}

/** What a fault kind is built from. `detail` is what an earlier apply() returned, if any. */
export interface FaultContext {
  cluster: NoVmFaultTarget;
  client: ApiClient;
  args: string[];
  detail?: FaultDetail;
}

export interface FaultKind {
  kind: string;
  /** "<node>", "<ns>/<pod>[/<container>]" … for usage messages. */
  usage: string;
  summary: string;
  create(ctx: FaultContext): Fault;
}
