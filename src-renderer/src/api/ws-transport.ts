/**
 * Browser mode: the contract over the lab host's WebSocket (same frames as src-main/server). The
 * token comes from the page URL kubelab printed; the socket reconnects if the host restarts.
 */
type Listener = (payload: unknown) => void;

export interface ContractTransport {
  invoke(id: string, req: unknown): Promise<unknown>;
  subscribe(id: string, listener: Listener): () => void;
}

export function createWsTransport(url: string): ContractTransport {
  let ws: WebSocket | undefined;
  let nextId = 1;
  let opened: Promise<void> | undefined;
  const waiting = new Map<number, { ok(v: unknown): void; fail(e: Error): void }>();
  const listeners = new Map<string, Set<Listener>>();

  function connect(): Promise<void> {
    opened ??= new Promise<void>((resolve, reject) => {
      const sock = new WebSocket(url);
      ws = sock;
      sock.onopen = () => resolve();
      sock.onerror = () => reject(new Error('cannot reach the kubelab lab host'));
      sock.onclose = () => {
        opened = undefined;
        for (const w of waiting.values())
          w.fail(new Error('the connection to the lab host closed'));
        waiting.clear();
        setTimeout(() => void connect().catch(() => undefined), 1000);
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
      const id = nextId++;
      return new Promise((ok, fail) => {
        waiting.set(id, { ok, fail });
        ws!.send(JSON.stringify({ t: 'invoke', id, ch, req }));
      });
    },
    subscribe(ch, listener) {
      void connect().catch(() => undefined);
      let set = listeners.get(ch);
      if (!set) listeners.set(ch, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}
