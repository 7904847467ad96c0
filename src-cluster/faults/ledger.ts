/**
 * The fault ledger: one JSON file in the cluster's data dir recording every fault applied (id,
 * kind, target, time, state). It is the promise that every fault gets reverted: `kubelab revert`
 * and `kubelab down` work from it, and the next `kubelab up` settles whatever a crashed run left.
 * Writes go to a temporary file renamed over the old one, so a crash never leaves half a ledger.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FaultDetail } from './fault';

export type FaultState = 'applied' | 'reverted' | 'revert-failed' | 'cleared';

export interface LedgerEntry {
  id: string;
  kind: string;
  target: string;
  args: string[];
  appliedAt: string;
  state: FaultState;
  detail: FaultDetail;
  revertedAt?: string;
  /** Why a revert failed, or how a leftover was cleared. */
  note?: string;
}

export const LEDGER_FILE = 'faults.json';

export class FaultLedger {
  readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, LEDGER_FILE);
  }

  entries(): LedgerEntry[] {
    if (!existsSync(this.path)) return [];
    const parsed = JSON.parse(readFileSync(this.path, 'utf8')) as { faults?: LedgerEntry[] };
    return parsed.faults ?? [];
  }

  /** Entries whose fault is (or may still be) in effect. */
  open(): LedgerEntry[] {
    return this.entries().filter((e) => e.state === 'applied' || e.state === 'revert-failed');
  }

  nextId(): string {
    const max = this.entries().reduce((m, e) => Math.max(m, Number(e.id.slice(1)) || 0), 0);
    return `f${max + 1}`;
  }

  add(entry: LedgerEntry): void {
    this.write([...this.entries(), entry]);
  }

  update(id: string, patch: Partial<LedgerEntry>): LedgerEntry {
    const all = this.entries();
    const i = all.findIndex((e) => e.id === id);
    if (i === -1) throw new Error(`no fault ${id} in the ledger`);
    all[i] = { ...all[i]!, ...patch };
    this.write(all);
    return all[i]!;
  }

  private write(entries: LedgerEntry[]): void {
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify({ faults: entries }, null, 2) + '\n');
    renameSync(tmp, this.path);
  }
}
