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
