/**
 * One probe (liveness, readiness or startup) of one container instance. It waits
 * initialDelaySeconds after the container started, then probes every periodSeconds; a result
 * sticks only after failureThreshold consecutive failures or successThreshold consecutive
 * successes. Before the first verdict readiness is Failure, liveness Success and startup unknown.
 * Liveness and readiness do not run until the startup probe (if any) has succeeded. A liveness or
 * startup Failure puts the worker on hold: the container is about to be killed and a new instance
 * gets new workers.
 */
import type { Probe } from 'kubernetes-types/core/v1';
import type { Clock } from '../../../src-shared/util/clock';
import type { ProbeKind, ProbeOutcome, ProbeResult, ProbeRunner, ProbeTarget } from './types';

export interface ProbeWorkerDeps {
  clock: Clock;
  runner: ProbeRunner;
  /** False while liveness/readiness must wait for the startup probe. */
  gate: () => boolean;
  /** Each attempt that failed (for Unhealthy events). */
  onFailedAttempt: (w: ProbeWorker, outcome: ProbeOutcome) => void;
  /** The sticky result changed. */
  onResult: (w: ProbeWorker) => void;
}

export function probeSettings(p: Probe) {
  return {
    initialDelayMs: (p.initialDelaySeconds ?? 0) * 1000,
    periodMs: Math.max(1, p.periodSeconds ?? 10) * 1000,
    timeoutMs: Math.max(1, p.timeoutSeconds ?? 1) * 1000,
    successThreshold: Math.max(1, p.successThreshold ?? 1),
    failureThreshold: Math.max(1, p.failureThreshold ?? 3),
  };
}

export class ProbeWorker {
  result: ProbeResult | undefined;
  private lastRaw: ProbeResult | undefined;
  private run = 0;
  private onHold = false;
  private stopped = false;
  private cancel: (() => void) | undefined;
  private readonly s: ReturnType<typeof probeSettings>;

  constructor(
    readonly kind: ProbeKind,
    readonly probe: Probe,
    readonly target: ProbeTarget,
    /** When the container started (clock ms). */
    private readonly startedAt: number,
    private readonly deps: ProbeWorkerDeps,
  ) {
    this.s = probeSettings(probe);
    this.result = kind === 'readiness' ? 'failure' : kind === 'liveness' ? 'success' : undefined;
  }

  start(): void {
    const first = Math.max(0, this.startedAt + this.s.initialDelayMs - this.deps.clock.now());
    this.schedule(first);
  }

  stop(): void {
    this.stopped = true;
    this.cancel?.();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.cancel = this.deps.clock.setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    // A startup probe that succeeded is done for this container instance.
    const done = this.kind === 'startup' && this.result === 'success';
    if (!this.onHold && !done && this.deps.gate()) await this.attempt();
    this.schedule(this.s.periodMs);
  }

  private async attempt(): Promise<void> {
    const outcome = await this.deps.runner.run(this.probe, this.target, this.s.timeoutMs);
    if (this.stopped) return;
    if (outcome.result === 'failure') this.deps.onFailedAttempt(this, outcome);
    if (outcome.result === this.lastRaw) this.run++;
    else {
      this.lastRaw = outcome.result;
      this.run = 1;
    }
    const threshold =
      outcome.result === 'failure' ? this.s.failureThreshold : this.s.successThreshold;
    if (this.run < threshold) return;
    const changed = this.result !== outcome.result;
    this.result = outcome.result;
    if (outcome.result === 'failure' && this.kind !== 'readiness') {
      this.onHold = true;
      this.run = 0;
    }
    if (changed || this.onHold) this.deps.onResult(this);
  }
}
