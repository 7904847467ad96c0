/**
 * Coalesces work to once per animation frame, and at most once per `minIntervalMs`: any number of
 * requests in between run the job once. Object batches and trace batches arrive many times a
 * second under load; the diagram is restyled at a pace the eye (and Vue Flow) can follow, and the
 * latest state always wins because the job reads it when it runs.
 */
export interface FrameBatcher {
  request(): void;
  cancel(): void;
  /** How many times the job ran. */
  readonly runs: number;
}

type Schedule = (cb: () => void) => number;
type Cancel = (handle: number) => void;

export interface FrameBatchOptions {
  schedule?: Schedule;
  cancelFrame?: Cancel;
  /** Least time between two runs (0: every frame at most). */
  minIntervalMs?: number;
  now?: () => number;
  delay?: (cb: () => void, ms: number) => unknown;
  clearDelay?: (h: unknown) => void;
}

// Read off globalThis so the model also runs (and type-checks) where there is no DOM: tests, Node.
const g = globalThis as { requestAnimationFrame?: Schedule; cancelAnimationFrame?: Cancel };

export function createFrameBatcher(job: () => void, opts: FrameBatchOptions = {}): FrameBatcher {
  const schedule: Schedule =
    opts.schedule ??
    ((cb) =>
      g.requestAnimationFrame
        ? g.requestAnimationFrame(cb)
        : (setTimeout(cb, 16) as unknown as number));
  const cancelFrame: Cancel =
    opts.cancelFrame ??
    ((h) => (g.cancelAnimationFrame ? g.cancelAnimationFrame(h) : clearTimeout(h)));
  const now = opts.now ?? (() => Date.now());
  const delay = opts.delay ?? ((cb, ms) => setTimeout(cb, ms));
  const clearDelay = opts.clearDelay ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const min = opts.minIntervalMs ?? 0;
  let frame: number | undefined;
  let timer: unknown;
  let last = -Infinity;
  let runs = 0;
  const toFrame = () => {
    timer = undefined;
    frame = schedule(() => {
      frame = undefined;
      last = now();
      runs++;
      job();
    });
  };
  return {
    get runs() {
      return runs;
    },
    request() {
      if (frame !== undefined || timer !== undefined) return;
      const wait = last + min - now();
      if (wait > 0) timer = delay(toFrame, wait);
      else toFrame();
    },
    cancel() {
      if (frame !== undefined) cancelFrame(frame);
      if (timer !== undefined) clearDelay(timer);
      frame = undefined;
      timer = undefined;
    },
  };
}
