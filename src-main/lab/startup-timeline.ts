/**
 * The per-node, per-step startup timeline, as the cluster reports each step (what it starts, what
 * it waits on, when each began and ended). If the cluster process dies, open steps fail with why.
 */
import type { StartupStep } from '../../src-shared/ipc';

export class StartupTimeline {
  private steps: StartupStep[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  upsert(step: StartupStep): void {
    const i = this.steps.findIndex((s) => s.node === step.node && s.step === step.step);
    if (i < 0) this.steps.push(step);
    else this.steps[i] = { ...this.steps[i], ...step };
  }

  /** Fails every unfinished step (the cluster process died). */
  failOpen(reason: string): void {
    const t = this.now();
    for (const s of this.steps) {
      if (s.state === 'running' || s.state === 'pending') {
        Object.assign(s, { state: 'failed', endedAt: t, detail: reason });
      }
    }
  }

  list(): StartupStep[] {
    return this.steps.map((s) => ({ ...s }));
  }

  clear(): void {
    this.steps = [];
  }
}
