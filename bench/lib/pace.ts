/**
 * Open-loop pacing: operation i is due at start + i / rate, and is fired when due whether or not
 * earlier ones have finished. A closed loop (wait for the reply, then send) would slow down with
 * the server and hide its tail latency — "coordinated omission".
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export interface PaceResult {
  /** Operations actually fired (rate × duration, unless the timer fell behind badly). */
  fired: number;
  /** Largest delay between an operation's due time and its firing, ms (driver-side lag). */
  maxLagMs: number;
}

export async function paced(
  ratePerSec: number,
  durationMs: number,
  op: (i: number) => Promise<void>,
): Promise<PaceResult> {
  const interval = 1000 / ratePerSec;
  const total = Math.round((durationMs / 1000) * ratePerSec);
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  let maxLagMs = 0;
  let failure: { err: unknown } | undefined;
  let i = 0;
  while (i < total) {
    const now = performance.now();
    // Fire everything that is due (catches up after a late timer instead of drifting).
    while (i < total && start + i * interval <= now) {
      maxLagMs = Math.max(maxLagMs, now - (start + i * interval));
      // Caught at once: a rejection left pending while the loop sleeps would crash the process.
      inflight.push(
        op(i).catch((err: unknown) => {
          failure ??= { err };
        }),
      );
      i++;
    }
    if (i < total) await sleep(Math.max(0, start + i * interval - performance.now()));
  }
  await Promise.all(inflight);
  if (failure) throw failure.err;
  return { fired: i, maxLagMs };
}
