/**
 * Per-pod scratch space for one scheduling cycle. A plugin computes something once in PreFilter
 * or PreScore (the pod's total requests, the spread counts per domain) and reads it back in
 * Filter/Score for every node, under a key private to that plugin. A new CycleState is made for
 * every attempt, so nothing leaks from one pod's cycle into the next.
 */
export class CycleState {
  private readonly data = new Map<string, unknown>();

  write<T>(key: string, value: T): void {
    this.data.set(key, value);
  }

  /** The value stored under key; throws if the plugin's earlier phase did not run (a bug). */
  read<T>(key: string): T {
    if (!this.data.has(key)) throw new Error(`cycle state "${key}" not found`);
    return this.data.get(key) as T;
  }

  tryRead<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  /** Plugins whose PreFilter/PreScore returned Skip: the runtime leaves them out of Filter/Score. */
  readonly skipFilter = new Set<string>();
  readonly skipScore = new Set<string>();
}
