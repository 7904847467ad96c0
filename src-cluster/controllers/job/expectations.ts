/**
 * Expectations: what a controller is waiting to see in its cache after its own writes. After
 * creating two pods the pod cache may still show none for a moment; a sync in that moment would
 * create two more. So each Job records how many creations and deletions it is waiting to observe,
 * and does not add or remove pods until the cache has caught up (or the wait has lasted so long
 * that a lost watch event is likelier than a slow one).
 */
import type { Clock } from '../../../src-shared/util/clock';

/** How long an unmet expectation is trusted (upstream's ExpectationsTimeout). */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60_000;

interface Pending {
  adds: number;
  deletes: number;
  at: number;
}

export class Expectations {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly clock: Clock) {}

  /** Before writing: we are about to create `adds` and delete `deletes` objects for key. */
  expect(key: string, adds: number, deletes: number): void {
    this.pending.set(key, { adds, deletes, at: this.clock.now() });
  }

  /** A creation for key reached the cache (or a create call failed and will never arrive). */
  observedAdd(key: string): void {
    const p = this.pending.get(key);
    if (p && p.adds > 0) p.adds--;
  }

  /** A deletion for key reached the cache (or a delete call failed). */
  observedDelete(key: string): void {
    const p = this.pending.get(key);
    if (p && p.deletes > 0) p.deletes--;
  }

  /** True when nothing is outstanding, or what is outstanding is too old to wait for. */
  satisfied(key: string): boolean {
    const p = this.pending.get(key);
    if (!p) return true;
    return (p.adds <= 0 && p.deletes <= 0) || this.clock.now() - p.at > EXPECTATIONS_TIMEOUT_MS;
  }

  forget(key: string): void {
    this.pending.delete(key);
  }
}
