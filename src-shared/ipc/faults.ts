/** Faults: the catalogue a learner picks from, and the faults active right now. */

/** A kind of fault the cluster can inject, and what it can target. */
export interface FaultKindInfo {
  /** e.g. "kubelet-stop". */
  kind: string;
  title: string;
  description: string;
  /** The component kind it targets ("kubelet", "apiserver", "node", "pod", …). */
  targets: string;
  /** The target's form, e.g. "<node>", "<ns>/<pod>[/<container>]" ("" when it needs none). */
  usage?: string;
  /** What a learner should expect to see (shown before applying). */
  expect?: string;
}

export interface FaultRequest {
  kind: string;
  /** Target as the kind's usage says: a node name, "namespace/pod", … ("" when none). */
  target: string;
  /** Revert automatically after this many seconds (default: never, until reverted). */
  durationSec?: number;
}

export interface ActiveFault {
  id: string;
  kind: string;
  target: string;
  appliedAt: number;
  /** When it reverts on its own. */
  expiresAt?: number;
}

/** A fault's life on the timeline (applied, reverted, failed). */
export interface FaultMark {
  faultId: string;
  kind: string;
  target: string;
  at: number;
  what: 'applied' | 'reverted' | 'failed';
  message?: string;
}

export interface FaultsState {
  active: ActiveFault[];
  marks: FaultMark[];
}
