/**
 * The skeleton every controller shares (DESIGN.md §8, client-go's sample-controller): informer
 * handlers only enqueue keys; `workers` loops take a key, call sync(key), and on error re-queue it
 * with per-key exponential backoff. sync re-reads everything from the informer caches, so a key
 * queued many times is synced once with the latest state.
 */
import type { Clock } from '../../../src-shared/util/clock';
import type { TraceSink } from '../../../src-shared/trace';
import { nullTraceSink } from '../../../src-shared/trace';
import { RateLimitingQueue } from '../../client';

/** Thrown by sync to ask for a later retry without counting it as a failure. */
export class RequeueAfter extends Error {
  constructor(readonly delayMs: number) {
    super(`requeue after ${delayMs} ms`);
  }
}

export abstract class BaseController {
  protected readonly queue: RateLimitingQueue<string>;

  constructor(
    /** The controller's name in traces and logs ("namespace", "replicaset", …). */
    readonly name: string,
    protected readonly clock: Clock,
    protected readonly trace: TraceSink = nullTraceSink,
  ) {
    this.queue = new RateLimitingQueue<string>(clock);
  }

  /** Converges the object named by key toward its desired state. Throws to retry with backoff. */
  protected abstract sync(key: string): Promise<void>;

  enqueue(key: string): void {
    this.queue.add(key);
  }

  /** Runs `workers` loops until signal aborts; resolves once they have all stopped. */
  async run(signal: AbortSignal, workers = 1): Promise<void> {
    signal.addEventListener('abort', () => this.queue.shutdown(), { once: true });
    await Promise.all(Array.from({ length: workers }, () => this.worker()));
  }

  private async worker(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      await this.processItem(key);
    }
  }

  private async processItem(key: string): Promise<void> {
    const started = this.clock.now();
    let outcome = 'ok';
    try {
      await this.sync(key);
      this.queue.forget(key);
    } catch (err) {
      if (err instanceof RequeueAfter) {
        outcome = 'requeue';
        this.queue.forget(key);
        this.queue.addAfter(key, err.delayMs);
      } else {
        outcome = `error: ${err instanceof Error ? err.message : String(err)}`;
        this.queue.addRateLimited(key);
      }
    } finally {
      this.queue.done(key);
      this.trace.emit({
        time: started,
        from: { component: 'controller-manager', instance: this.name },
        verb: 'sync',
        name: key,
        latencyMs: this.clock.now() - started,
        outcome,
      });
    }
  }
}
