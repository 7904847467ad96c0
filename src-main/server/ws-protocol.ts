/** Messages of the browser-mode WebSocket: the IPC contract's invokes and events as JSON frames. */
export type ClientFrame = { t: 'invoke'; id: number; ch: string; req?: unknown };

export type ServerFrame =
  | { t: 'result'; id: number; ok: true; value?: unknown }
  | { t: 'result'; id: number; ok: false; error: string }
  | { t: 'event'; ch: string; payload: unknown };
