/**
 * Time as an injectable dependency. Reconcile loops, backoffs, grace periods and lease expiry read
 * time only through a Clock, so tests can move time forward instead of sleeping.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Calls fn after ms milliseconds of this clock's time; returns a function that cancels it. */
  setTimeout(fn: () => void, ms: number): () => void;
}

// src-shared sees no host globals (no Node, no DOM types); timers exist in every JS host we run in.
declare const setTimeout: (fn: () => void, ms: number) => unknown;
declare const clearTimeout: (t: unknown) => void;

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    // Timers must never keep a process alive on their own (CLI exits cleanly on shutdown).
    (t as { unref?: () => void }).unref?.();
    return () => clearTimeout(t);
  },
};

/** A clock that only moves when told to. Timers fire in due order during advance(). */
export class FakeClock implements Clock {
  private t: number;
  private seq = 0;
  private timers: { at: number; seq: number; fn: () => void }[] = [];

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): () => void {
    const timer = { at: this.t + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((x) => x !== timer);
    };
  }

  /** Moves time forward by ms, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
    }
    this.t = end;
  }
}
