/**
 * The last N characters a terminal printed, so a view that re-attaches (navigation, reload, a
 * reconnected browser) sees the screen it left. Chunks are kept as they came and trimmed from the
 * front, so appending stays cheap for chatty sessions (`kubectl get pods -w`).
 */
export const DEFAULT_BACKLOG_CHARS = 64 * 1024;

export class OutputRing {
  private chunks: string[] = [];
  private size = 0;
  /** Characters appended since the start, kept or not (the position of the ring's end). */
  total = 0;

  constructor(readonly capacity = DEFAULT_BACKLOG_CHARS) {
    if (!(capacity > 0)) throw new Error('an output ring needs a positive capacity');
  }

  append(data: string): void {
    if (!data) return;
    this.total += data.length;
    this.chunks.push(data);
    this.size += data.length;
    while (this.size > this.capacity) {
      const first = this.chunks[0]!;
      const excess = this.size - this.capacity;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
      } else {
        this.chunks[0] = first.slice(excess);
        this.size -= excess;
      }
    }
  }

  get text(): string {
    if (this.chunks.length > 1) this.chunks = [this.chunks.join('')];
    return this.chunks[0] ?? '';
  }

  get length(): number {
    return this.size;
  }
}
