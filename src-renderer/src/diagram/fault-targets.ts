/**
 * Which faults a diagram box accepts, with the target filled in: a kubelet box offers
 * "stop-kubelet <its node>", the scheduler offers "kill-scheduler" (it kills the active one), …
 */
import type { FaultKindInfo } from '../../../src-shared/ipc';
import type { BoxData } from './architecture-model';

export interface OfferedFault {
  kind: string;
  title: string;
  description: string;
  target: string;
}

export function faultsFor(box: BoxData, catalogue: readonly FaultKindInfo[]): OfferedFault[] {
  const c = box.component;
  if (!c) return [];
  const out: OfferedFault[] = [];
  for (const k of catalogue) {
    if (!k.kind.includes(c)) continue;
    const usage = k.usage ?? '';
    let target: string | undefined;
    if (usage === '') target = '';
    else if (usage.startsWith('<node>') && box.instance) target = box.instance;
    if (target === undefined) continue;
    out.push({ kind: k.kind, title: k.title, description: k.description, target });
  }
  return out;
}
