/** Every no-VM fault kind by name: the table of contents of faults/. */
import type { FaultKind } from './fault';
import { crashContainer } from './crash-container';
import { failProbe } from './fail-probe';
import { killControllerManager } from './kill-controller-manager';
import { killScheduler } from './kill-scheduler';
import { stopKubelet } from './stop-kubelet';

export const FAULT_KINDS: readonly FaultKind[] = [
  stopKubelet,
  crashContainer,
  killScheduler,
  killControllerManager,
  failProbe,
];

export function faultKind(kind: string): FaultKind | undefined {
  return FAULT_KINDS.find((k) => k.kind === kind);
}
