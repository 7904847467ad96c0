/**
 * Things a running scenario must undo even when the run is interrupted (Ctrl-C): a private
 * containerd with pods in it, a network namespace. A scenario registers its teardown while the
 * resource exists and unregisters it once it has cleaned up normally; run.ts's SIGINT handler runs
 * whatever is still registered before the process leaves.
 */
const pending = new Set<() => Promise<void>>();

/** Registers `fn` as an interrupt teardown; the returned function unregisters it. */
export function onInterrupt(fn: () => Promise<void>): () => void {
  pending.add(fn);
  return () => pending.delete(fn);
}

/** Runs every registered teardown (newest first), each at most once, ignoring their failures. */
export async function runInterruptCleanups(): Promise<void> {
  for (const fn of [...pending].reverse()) {
    pending.delete(fn);
    try {
      await fn();
    } catch {
      // Best effort: the process is leaving; the other teardowns must still run.
    }
  }
}
