/**
 * Decodes the resize channel: client-go writes one JSON object per terminal size change,
 * {"Width":W,"Height":H}, back to back (json.Encoder adds a newline), and a frame boundary may fall
 * anywhere inside one.
 */
import { EventEmitter } from 'node:events';
import type { ResizeEvents, TerminalSize } from '../streamer';

export class ResizeDecoder {
  readonly events: ResizeEvents = new EventEmitter<{ resize: [TerminalSize] }>();
  /** The latest size received, if any. */
  last: TerminalSize | undefined;
  private text = '';

  push(chunk: Buffer): void {
    this.text += chunk.toString('utf8');
    // Objects here never nest, so the next '}' closes the current one.
    for (let end = this.text.indexOf('}'); end >= 0; end = this.text.indexOf('}')) {
      const start = this.text.indexOf('{');
      const piece = start >= 0 && start < end ? this.text.slice(start, end + 1) : '';
      this.text = this.text.slice(end + 1);
      if (!piece) continue;
      try {
        const v = JSON.parse(piece) as { Width?: unknown; Height?: unknown };
        const size = { width: Number(v.Width) || 0, height: Number(v.Height) || 0 };
        this.last = size;
        this.events.emit('resize', size);
      } catch {
        // A malformed message is skipped, like upstream (it logs and continues).
      }
    }
  }
}

/**
 * Forwards `src`'s resizes and hands each new listener the latest size at once. A relay subscribes
 * only after its own setup (an RPC, a dial), and a terminal's first size — sent as soon as the
 * client's streams exist — would otherwise be lost.
 */
export function replayLatestSize(src: ResizeEvents): ResizeEvents {
  const out: ResizeEvents = new EventEmitter<{ resize: [TerminalSize] }>();
  let latest: TerminalSize | undefined;
  src.on('resize', (size) => {
    latest = size;
    out.emit('resize', size);
  });
  // 'newListener' is not in the typed event map; it fires before the listener is added.
  (out as EventEmitter).on(
    'newListener',
    (event: string | symbol, listener: (s: TerminalSize) => void) => {
      const size = latest;
      if (event === 'resize' && size) queueMicrotask(() => listener(size));
    },
  );
  return out;
}
