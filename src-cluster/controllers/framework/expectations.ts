/**
 * Expectations (k8s-internals §4.2): before a controller creates or deletes N objects it records
 * that it expects to *see* those N changes arrive through its informer. Until they have, its cache
 * is known to be behind its own writes, and a sync would count the old state and act twice
 * (creating 6 pods for a 3-replica set). A sync therefore only manages replicas when the key's
 * expectations are satisfied — or have expired, in case a watch event was lost.
 *
 * Creations are counted; deletions are tracked by uid, so a delete observed twice (graceful
 * deletion mark, then the final removal) is counted once.
 */
import type { Clock } from '../../../src-shared/util/clock';

/** Upstream's ExpectationsTimeout: after this, a sync proceeds even if events went missing. */
export const EXPECTATIONS_TTL_MS = 5 * 60_000;

interface Expectation {
  adds: number;
  deletes: Set<string>;
  setAt: number;
}

export class ControllerExpectations {
  private readonly byKey = new Map<string, Expectation>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = EXPECTATIONS_TTL_MS,
  ) {}

  /** Records that `count` creations for key are about to be issued (replaces older records). */
  expectCreations(key: string, count: number): void {
    this.byKey.set(key, { adds: count, deletes: new Set(), setAt: this.clock.now() });
  }

  /** Records the uids of objects about to be deleted for key. */
  expectDeletions(key: string, uids: readonly string[]): void {
    this.byKey.set(key, { adds: 0, deletes: new Set(uids), setAt: this.clock.now() });
  }

  /** An informer saw one of key's creations (or a create call failed: it will never be seen). */
  creationObserved(key: string): void {
    const e = this.byKey.get(key);
    if (e && e.adds > 0) e.adds--;
  }

  /** An informer saw the object go (or a delete call failed). */
  deletionObserved(key: string, uid: string): void {
    this.byKey.get(key)?.deletes.delete(uid);
  }

  /** True when every expected change has been seen, nothing is recorded, or the record expired. */
  satisfied(key: string): boolean {
    const e = this.byKey.get(key);
    if (!e) return true;
    if (e.adds <= 0 && e.deletes.size === 0) return true;
    return this.clock.now() - e.setAt > this.ttlMs;
  }

  /** Forgets key (its owner is gone). */
  delete(key: string): void {
    this.byKey.delete(key);
  }
}
