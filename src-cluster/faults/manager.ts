/**
 * Applies and reverts faults against the running no-VM cluster, keeping the ledger true: an entry
 * is written only after apply() succeeded, and marked reverted only after revert() did (a failed
 * revert stays open as `revert-failed`, with the reason, so `kubelab revert` can try again).
 */
import type { ApiClient } from '../client';
import { faultKind, FAULT_KINDS } from './catalogue';
import { FaultError, type Fault } from './fault';
import { FaultLedger, type LedgerEntry } from './ledger';
import type { NoVmFaultTarget } from './target';

export class FaultManager {
  constructor(
    readonly ledger: FaultLedger,
    private readonly cluster: NoVmFaultTarget,
    private readonly client: ApiClient,
    private readonly now: () => number = Date.now,
  ) {}

  private build(kind: string, args: string[], detail?: Record<string, string>): Fault {
    const k = faultKind(kind);
    if (!k) {
      const kinds = FAULT_KINDS.map((x) => x.kind).join(', ');
      throw new FaultError(`unknown fault "${kind}" (kinds: ${kinds})`);
    }
    return k.create({ cluster: this.cluster, client: this.client, args, detail });
  }

  async apply(kind: string, args: string[]): Promise<LedgerEntry> {
    const fault = this.build(kind, args);
    const detail = await fault.apply();
    const entry: LedgerEntry = {
      id: this.ledger.nextId(),
      kind,
      target: detail.identity ?? fault.target,
      args,
      appliedAt: new Date(this.now()).toISOString(),
      state: 'applied',
      detail,
    };
    this.ledger.add(entry);
    return entry;
  }

  async revert(id: string): Promise<LedgerEntry> {
    const entry = this.ledger.entries().find((e) => e.id === id);
    if (!entry) throw new FaultError(`no fault "${id}" (see kubelab fault list)`);
    if (entry.state === 'reverted' || entry.state === 'cleared') return entry;
    try {
      await this.build(entry.kind, entry.args, entry.detail).revert();
    } catch (err) {
      const note = err instanceof Error ? err.message : String(err);
      return this.ledger.update(id, { state: 'revert-failed', note });
    }
    return this.ledger.update(id, {
      state: 'reverted',
      revertedAt: new Date(this.now()).toISOString(),
    });
  }

  /** Reverts every open fault, newest first (undoing in the reverse order of doing). */
  async revertAll(): Promise<LedgerEntry[]> {
    const out: LedgerEntry[] = [];
    for (const e of this.ledger.open().reverse()) out.push(await this.revert(e.id));
    return out;
  }

  /** Whether an open fault's effect is still in place. */
  async verify(id: string): Promise<boolean> {
    const entry = this.ledger.entries().find((e) => e.id === id);
    if (!entry) throw new FaultError(`no fault "${id}"`);
    return this.build(entry.kind, entry.args, entry.detail).verify();
  }
}

/**
 * Settles the entries a previous cluster process left open. A new no-VM cluster starts every
 * component afresh, so nothing of those faults survives; the entries are closed as `cleared`,
 * saying so, and returned for the user to see.
 */
export function clearLeftovers(ledger: FaultLedger, now = Date.now()): LedgerEntry[] {
  return ledger.open().map((e) =>
    ledger.update(e.id, {
      state: 'cleared',
      revertedAt: new Date(now).toISOString(),
      note: 'the cluster process ended with this fault applied; the new one starts without it',
    }),
  );
}
