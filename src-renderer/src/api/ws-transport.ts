/**
 * Browser mode: the contract over the lab host's WebSocket (same frames as src-main/server). The
 * token comes from the page URL kubelab printed. When the socket drops (host restarted, network
 * blip, laptop asleep) it reconnects with exponential backoff and reports each state change, so the
 * UI can show "reconnecting…" and re-sync what it missed (stores/connection.ts).
 */
type Listener = (payload: unknown) => void;

export interface ContractTransport {
  invoke(id: string, req: unknown): Promise<unknown>;
  subscribe(id: string, listener: Listener): () => void;
}

/** "connecting": never connected yet; "open": connected; "reconnecting": lost, retrying. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

export interface ConnectionChange {
  state: ConnectionState;
  /** True on an "open" that follows a lost connection: the page must re-sync. */
  reconnected: boolean;
  /** When reconnecting: the next try, in ms. */
  retryInMs?: number;
}

export interface WsTransport extends ContractTransport {
  state(): ConnectionState;
  onState(listener: (change: ConnectionChange) => void): () => void;
  /** Stops reconnecting and closes the socket. */
  close(): void;
}

export interface Backoff {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 250, maxMs: 5000 };

/** The n-th retry delay (n from 0): doubling from initialMs up to maxMs. */
export function backoffDelay(n: number, b: Backoff = DEFAULT_BACKOFF): number {
  return Math.min(b.maxMs, b.initialMs * 2 ** Math.min(n, 20));
}

export function createWsTransport(url: string, backoff: Backoff = DEFAULT_BACKOFF): WsTransport {
  let ws: WebSocket | undefined;
  let nextId = 1;
  let opened: Promise<void> | undefined;
  let state: ConnectionState = 'connecting';
  let everOpen = false;
  let attempt = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const waiting = new Map<number, { ok(v: unknown): void; fail(e: Error): void }>();
  const listeners = new Map<string, Set<Listener>>();
  const stateListeners = new Set<(c: ConnectionChange) => void>();

  function setState(change: ConnectionChange): void {
    state = change.state;
    for (const l of stateListeners) l(change);
  }

  function scheduleRetry(): void {
    if (retry || closed) return;
    const delay = backoffDelay(attempt++, backoff);
    if (everOpen) setState({ state: 'reconnecting', reconnected: false, retryInMs: delay });
    retry = setTimeout(() => {
      retry = undefined;
      void connect().catch(() => undefined);
    }, delay);
  }

  function connect(): Promise<void> {
    if (closed) return Promise.reject(new Error('the connection to the lab host was closed'));
    opened ??= new Promise<void>((resolve, reject) => {
      const sock = new WebSocket(url);
      ws = sock;
      sock.onopen = () => {
        const reconnected = everOpen;
        everOpen = true;
        attempt = 0;
        resolve();
        setState({ state: 'open', reconnected });
      };
      sock.onerror = () => reject(new Error('cannot reach the kubelab lab host'));
      sock.onclose = () => {
        opened = undefined;
        ws = undefined;
        for (const w of waiting.values()) {
          w.fail(new Error('the connection to the lab host closed'));
        }
        waiting.clear();
        reject(new Error('cannot reach the kubelab lab host'));
        scheduleRetry();
      };
      sock.onmessage = (m) => {
        const f = JSON.parse(String(m.data)) as
          | { t: 'result'; id: number; ok: boolean; value?: unknown; error?: string }
          | { t: 'event'; ch: string; payload: unknown };
        if (f.t === 'event') {
          for (const l of listeners.get(f.ch) ?? []) l(f.payload);
          return;
        }
        const w = waiting.get(f.id);
        waiting.delete(f.id);
        if (f.ok) w?.ok(f.value);
        else w?.fail(new Error(f.error ?? 'failed'));
      };
    });
    return opened;
  }

  return {
    async invoke(ch, req) {
      await connect();
      const sock = ws;
      if (!sock) throw new Error('the connection to the lab host closed');
      const id = nextId++;
      return new Promise((ok, fail) => {
        waiting.set(id, { ok, fail });
        sock.send(JSON.stringify({ t: 'invoke', id, ch, req }));
      });
    },
    // Listeners live here, not on the socket: the host sends every event to every socket, so
    // they keep working across reconnects without subscribing again.
    subscribe(ch, listener) {
      void connect().catch(() => undefined);
      let set = listeners.get(ch);
      if (!set) listeners.set(ch, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    state: () => state,
    onState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    close() {
      closed = true;
      if (retry) clearTimeout(retry);
      ws?.close();
    },
  };
}
