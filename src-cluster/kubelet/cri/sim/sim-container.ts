/**
 * One simulated container: its CRI record, its main process played from a Program on the clock,
 * its log buffer and its listening ports. Exit reasons use containerd's wording (Completed, Error,
 * OOMKilled); a SIGKILL exit is 137, like the real thing.
 */
import type { Clock } from '../../../../src-shared/util/clock';
import type { ContainerConfig, ContainerState, ContainerStatus } from '../runtime-service';
import { nanosFromMs } from '../runtime-service';
import type { LogLine } from '../streaming';
import type { Program, Step } from './behaviour';

const MAX_LOG_LINES = 5000;

export class SimContainer {
  state: ContainerState = 'CONTAINER_CREATED';
  readonly createdAt: number;
  startedAt = 0;
  finishedAt = 0;
  exitCode = 0;
  reason = '';
  message = '';
  readonly logs: LogLine[] = [];
  /** Ports the main process listens on; `http` marks ones answering HTTP. */
  readonly listening = new Map<number, { http: boolean }>();
  memoryBytes = 0;
  private readonly followers = new Set<{ line: (l: LogLine) => void; end: () => void }>();
  private readonly exitWaiters: (() => void)[] = [];
  private cancelTimer: (() => void) | undefined;
  private cancelKill: (() => void) | undefined;

  constructor(
    readonly id: string,
    readonly podSandboxId: string,
    readonly config: ContainerConfig,
    readonly imageRef: string,
    readonly program: Program,
    readonly env: Record<string, string>,
    private readonly clock: Clock,
    /** memory.limit_in_bytes; 0 = unlimited. */
    readonly memoryLimit: number,
  ) {
    this.createdAt = clock.now();
  }

  get name(): string {
    return this.config.metadata.name;
  }

  get running(): boolean {
    return this.state === 'CONTAINER_RUNNING';
  }

  start(): void {
    this.state = 'CONTAINER_RUNNING';
    this.startedAt = this.clock.now();
    this.memoryBytes = this.program.memoryBytes;
    this.play(this.program.steps, 0);
  }

  /** Plays steps from index i; sleeps re-enter through the clock. */
  private play(steps: Step[], i: number): void {
    for (; i < steps.length; i++) {
      if (!this.running) return;
      const s = steps[i]!;
      switch (s.kind) {
        case 'log':
          this.log(s.text, s.stream);
          break;
        case 'sleep': {
          const next = i + 1;
          this.cancelTimer = this.clock.setTimeout(() => this.play(steps, next), s.ms);
          return;
        }
        case 'exit':
          this.exit(s.code);
          return;
        case 'listen':
          for (const p of s.ports) this.listening.set(p, { http: s.http });
          return;
        case 'forever':
          return;
        case 'alloc':
          this.memoryBytes += s.bytes;
          if (this.memoryLimit > 0 && this.memoryBytes > this.memoryLimit) {
            // The kernel's OOM killer acts within moments of crossing the cgroup limit.
            this.cancelTimer = this.clock.setTimeout(() => this.exit(137, 'OOMKilled'), 100);
            return;
          }
          break;
      }
    }
    if (steps === this.program.steps && this.program.loop) this.play(this.program.loop, 0);
    else if (steps === this.program.loop) this.play(this.program.loop, 0);
    else this.exit(0);
  }

  log(text: string, stream: 'stdout' | 'stderr' = 'stdout'): void {
    const line = { time: this.clock.now(), stream, text };
    this.logs.push(line);
    if (this.logs.length > MAX_LOG_LINES) this.logs.splice(0, this.logs.length - MAX_LOG_LINES);
    for (const f of this.followers) f.line(line);
  }

  /** The main process ends. `reason` defaults from the code (0 → Completed, else Error). */
  exit(code: number, reason?: string, message = ''): void {
    if (this.state !== 'CONTAINER_RUNNING' && this.state !== 'CONTAINER_CREATED') return;
    this.cancelTimer?.();
    this.cancelKill?.();
    this.state = 'CONTAINER_EXITED';
    this.finishedAt = this.clock.now();
    this.exitCode = code;
    this.reason = reason ?? (code === 0 ? 'Completed' : 'Error');
    this.message = message;
    this.listening.clear();
    this.memoryBytes = 0;
    for (const f of [...this.followers]) f.end();
    this.followers.clear();
    for (const w of this.exitWaiters.splice(0)) w();
  }

  /** SIGTERM, then SIGKILL after timeoutSec; resolves once exited. */
  stop(timeoutSec: number): Promise<void> {
    if (!this.running) {
      if (this.state === 'CONTAINER_CREATED') this.exit(0, 'Completed');
      return Promise.resolve();
    }
    const exited = new Promise<void>((resolve) => this.exitWaiters.push(resolve));
    if (timeoutSec <= 0) this.exit(137, 'Error');
    else if (this.program.handlesTerm) {
      // Servers shut down cleanly on TERM (nginx: "gracefully shutting down"), exit 0.
      this.log('received SIGTERM, shutting down', 'stderr');
      this.exit(0, 'Completed');
    } else if (!this.cancelKill) {
      this.cancelKill = this.clock.setTimeout(() => this.exit(137, 'Error'), timeoutSec * 1000);
    }
    return exited;
  }

  follow(line: (l: LogLine) => void, end: () => void): () => void {
    if (!this.running && this.state !== 'CONTAINER_CREATED') {
      end();
      return () => {};
    }
    const f = { line, end };
    this.followers.add(f);
    return () => this.followers.delete(f);
  }

  status(logDirectory: string): ContainerStatus {
    return {
      id: this.id,
      metadata: { ...this.config.metadata },
      state: this.state,
      createdAt: nanosFromMs(this.createdAt),
      startedAt: this.startedAt ? nanosFromMs(this.startedAt) : '0',
      finishedAt: this.finishedAt ? nanosFromMs(this.finishedAt) : '0',
      exitCode: this.exitCode,
      image: { ...this.config.image },
      imageRef: this.imageRef,
      reason: this.reason,
      message: this.message,
      labels: { ...(this.config.labels ?? {}) },
      annotations: { ...(this.config.annotations ?? {}) },
      logPath: `${logDirectory}/${this.config.logPath ?? `${this.name}/0.log`}`,
    };
  }
}
