/**
 * The kubelet's periodic work on its clock: loops that re-arm only after a run has finished (a
 * slow API call never stacks up runs), and one-shot timers. Everything stops at once with stop(),
 * which is what a dying kubelet process does; start() arms it again for a restarted kubelet.
 */
import type { Clock } from '../../src-shared/util/clock';

export class Loops {
  private readonly cancels: (() => void)[] = [];
  private on = false;

  constructor(private readonly clock: Clock) {}

  get running(): boolean {
    return this.on;
  }

  start(): void {
    this.on = true;
  }

  /** Runs `fn` `ms` after start, then `ms` after each run has settled. */
  every(ms: number, fn: () => Promise<void>): void {
    const loop = () => {
      if (!this.on) return;
      void fn().finally(() => this.after(ms, loop));
    };
    this.after(ms, loop);
  }

  /** Runs `fn` once after `ms`, unless stopped first. */
  after(ms: number, fn: () => void): void {
    if (this.on) this.cancels.push(this.clock.setTimeout(fn, ms));
  }

  stop(): void {
    this.on = false;
    for (const cancel of this.cancels.splice(0)) cancel();
  }
}
