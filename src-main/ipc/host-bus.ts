/**
 * The host's outgoing event stream: every contract event the renderer(s) should see. Electron IPC
 * and the browser-mode WebSocket each subscribe once and forward what is emitted.
 */
import type { EventDef } from '../../src-shared/ipc';

export type BusListener = (channelId: string, payload: unknown) => void;

export class HostBus {
  private readonly listeners = new Set<BusListener>();

  /** Sends payload on an event channel of the contract (typed by the channel's definition). */
  emit<T>(def: EventDef<T>, payload: T): void {
    for (const l of this.listeners) {
      try {
        l(def.id, payload);
      } catch {
        // One broken transport must not silence the others.
      }
    }
  }

  subscribe(listener: BusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
