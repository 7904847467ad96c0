/**
 * Helpers shared by the conformance test groups: the per-test context, unique key prefixes and a
 * watch listener that records what it was given.
 */
import type { Store, WatchEvent, WatchListener } from '../store';

/** What a backend's test file hands to describeStoreConformance. */
export interface StoreFactory {
  /** Opens a fresh store (or a client to a shared cluster); called before each test. */
  open(): Promise<Store>;
  /**
   * Opens the same data again after the suite closed the previous store: a new file handle, a new
   * client after restarting the servers, … Absent for backends that keep nothing (memory).
   */
  reopen?(): Promise<Store>;
  /** Releases whatever open() made; called after each test (the store is already closed). */
  cleanup(): Promise<void>;
  /**
   * Moves the store's clock forward (FakeClock backends). Absent when the backend runs on real
   * time (etcd), in which case lease tests wait for real expiry.
   */
  advanceTime?(ms: number): void;
}

/** Per-test access to the store under test. */
export interface ConformanceContext {
  readonly store: Store;
  readonly factory: StoreFactory;
  /** Closes the current store and replaces it with factory.reopen(). */
  reopen(): Promise<Store>;
  /** A key prefix no other test uses (etcd tests share one cluster). */
  prefix(): string;
}

let seq = 0;
const runId = Date.now().toString(36);

/** A fresh prefix like "/conformance/<run>/<n>/<label>/". */
export function uniquePrefix(label: string): string {
  seq++;
  return `/conformance/${runId}/${seq}/${label}/`;
}

/** Records events and errors; waitFor polls until a condition holds or fails after a deadline. */
export class Recorder implements WatchListener {
  readonly events: WatchEvent[] = [];
  readonly errors: Error[] = [];

  onEvent(event: WatchEvent): void {
    this.events.push(event);
  }

  onError(err: Error): void {
    this.errors.push(err);
  }

  revisions(): number[] {
    return this.events.map((e) => e.kv.modRevision);
  }

  /** Resolves when cond() is true; rejects with what was seen if it is not by the deadline. */
  async waitFor(cond: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!cond()) {
      if (Date.now() > deadline) {
        throw new Error(
          `timed out waiting for ${what}; saw revisions [${this.revisions().join(',')}], errors [${this.errors.map((e) => e.message).join('; ')}]`,
        );
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

/** Lets pending microtasks and I/O callbacks run (used to prove "nothing more arrives"). */
export async function settle(ms = 50): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}
