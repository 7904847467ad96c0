/**
 * The building blocks of the IPC contract: an invoke call (request → response) and an event stream
 * (host → renderer). A channel is declared once, as a value, so the preload, the WebSocket client
 * and the host's handlers are all derived from the same object and cannot drift apart.
 */

/** A renderer → host call with one request value and one response value. */
export interface InvokeDef<Req, Res> {
  readonly kind: 'invoke';
  readonly id: string;
  /** Phantom fields: carry the types, never set at runtime. */
  readonly _req?: Req;
  readonly _res?: Res;
}

/** A host → renderer stream of payloads. */
export interface EventDef<T> {
  readonly kind: 'event';
  readonly id: string;
  readonly _payload?: T;
}

export function invoke<Req, Res>(id: string): InvokeDef<Req, Res> {
  return { kind: 'invoke', id };
}

export function event<T>(id: string): EventDef<T> {
  return { kind: 'event', id };
}

/** A contract: domains of named channels. */
export type ContractShape = Record<string, Record<string, InvokeDef<any, any> | EventDef<any>>>;

/** A call with no request value takes no argument. */
type Call<Req, Res> = [Req] extends [void] ? () => Promise<Res> : (req: Req) => Promise<Res>;

/** What a contract looks like from the renderer: calls return promises, events take listeners. */
export type ApiOf<C extends ContractShape> = {
  readonly [D in keyof C]: {
    readonly [K in keyof C[D]]: C[D][K] extends InvokeDef<infer Req, infer Res>
      ? Call<Req, Res>
      : C[D][K] extends EventDef<infer T>
        ? (listener: (payload: T) => void) => () => void
        : never;
  };
};

/**
 * The host's side: one handler per invoke channel, in the same domain/name shape as the API.
 * Handlers receive the request value as sent; they validate it (it crossed a process boundary).
 */
export type HandlersOf<C extends ContractShape> = {
  [D in keyof C]: {
    [K in keyof C[D] as C[D][K] extends InvokeDef<any, any> ? K : never]: C[D][K] extends InvokeDef<
      infer Req,
      infer Res
    >
      ? (req: Req) => Promise<Res> | Res
      : never;
  };
};

/** The payload type an event channel carries. */
export type PayloadOf<E> = E extends EventDef<infer T> ? T : never;

/**
 * Builds the renderer-side API object from a contract and a transport (Electron IPC in the
 * preload, a WebSocket in browser mode). Both transports therefore expose the same shape.
 */
export function buildApi<C extends ContractShape>(
  contract: C,
  transport: {
    invoke(id: string, req: unknown): Promise<unknown>;
    subscribe(id: string, listener: (payload: unknown) => void): () => void;
  },
): ApiOf<C> {
  const api: Record<string, Record<string, unknown>> = {};
  for (const [domain, defs] of Object.entries(contract)) {
    const d: Record<string, unknown> = {};
    for (const [name, def] of Object.entries(defs)) {
      d[name] =
        def.kind === 'invoke'
          ? (req?: unknown) => transport.invoke(def.id, req)
          : (listener: (p: unknown) => void) => transport.subscribe(def.id, listener);
    }
    api[domain] = Object.freeze(d);
  }
  return Object.freeze(api) as ApiOf<C>;
}

/** Every channel of a contract with where it lives (for the host to register and to dispatch). */
export function channelsOf(
  contract: ContractShape,
): { id: string; kind: 'invoke' | 'event'; domain: string; name: string }[] {
  return Object.entries(contract).flatMap(([domain, defs]) =>
    Object.entries(defs).map(([name, d]) => ({ id: d.id, kind: d.kind, domain, name })),
  );
}
