/**
 * Coalesces work to once per animation frame: any number of requests between two frames run the
 * job once. Object batches and trace ticks can arrive many times a second; the diagram needs to
 * be recomputed at most as often as the screen can show it.
 */
export interface FrameBatcher {
  request(): void;
  cancel(): void;
  /** How many times the job ran. */
  readonly runs: number;
}

type Schedule = (cb: () => void) => number;
type Cancel = (handle: number) => void;

// Read off globalThis so the model also runs (and type-checks) where there is no DOM: tests, Node.
const g = globalThis as { requestAnimationFrame?: Schedule; cancelAnimationFrame?: Cancel };

export function createFrameBatcher(
  job: () => void,
  schedule: Schedule = (cb) =>
    g.requestAnimationFrame
      ? g.requestAnimationFrame(cb)
      : (setTimeout(cb, 16) as unknown as number),
  cancelFrame: Cancel = (h) =>
    g.cancelAnimationFrame ? g.cancelAnimationFrame(h) : clearTimeout(h),
): FrameBatcher {
  let handle: number | undefined;
  let runs = 0;
  return {
    get runs() {
      return runs;
    },
    request() {
      if (handle !== undefined) return;
      handle = schedule(() => {
        handle = undefined;
        runs++;
        job();
      });
    },
    cancel() {
      if (handle !== undefined) cancelFrame(handle);
      handle = undefined;
    },
  };
}
