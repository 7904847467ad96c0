/**
 * Terminal tabs. Sessions live in the lab host; this store knows the tabs, which one is shown,
 * and routes output to whichever view is attached (views come and go, sessions stay). Attaching
 * is exact: the host numbers its output (TerminalOutput.end), so chunks that arrive while the
 * backlog is fetched are trimmed to what the backlog does not hold — nothing shows twice.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { TerminalInfo, TerminalKind, TerminalOutput } from '../../../src-shared/ipc';
import { useApi } from '../api/bridge';

type Sink = (data: string) => void;

/** xterm's full reset (RIS): a re-attached view starts from a clean screen, then the backlog. */
const RESET = '\x1bc';

interface Attached {
  sink: Sink;
  /** Output position the view has shown up to; undefined while its backlog is being fetched. */
  at: number | undefined;
  pending: TerminalOutput[];
}

/** The part of a chunk after position `at` (chunks carry the position of their end). */
export function unseen(o: TerminalOutput, at: number): string {
  if (o.end === undefined) return o.data;
  const start = o.end - o.data.length;
  if (o.end <= at) return '';
  return start >= at ? o.data : o.data.slice(at - start);
}

export const useTerminalsStore = defineStore('terminals', () => {
  const tabs = ref<TerminalInfo[]>([]);
  const activeId = ref<string>('');
  const open = ref(false);
  /** Show every tab side by side instead of one at a time. */
  const split = ref(false);
  const error = ref('');
  const views = new Map<string, Attached>();
  let unsubscribe: (() => void) | undefined;

  function deliver(o: TerminalOutput): void {
    const v = views.get(o.id);
    if (!v) return;
    if (v.at === undefined) {
      v.pending.push(o);
      return;
    }
    const data = unseen(o, v.at);
    if (o.end !== undefined) v.at = Math.max(v.at, o.end);
    if (data) v.sink(data);
  }

  async function init(): Promise<void> {
    const api = useApi();
    unsubscribe ??= api.terminals.onOutput(deliver);
    tabs.value = await api.terminals.list();
    if (!tabs.value.some((t) => t.id === activeId.value)) {
      activeId.value = tabs.value[0]?.id ?? '';
    }
  }

  async function openTab(kind?: TerminalKind, title?: string): Promise<void> {
    error.value = '';
    try {
      const t = await useApi().terminals.open({
        ...(kind ? { kind } : {}),
        ...(title ? { title } : {}),
      });
      tabs.value = [...tabs.value, t];
      activeId.value = t.id;
      open.value = true;
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  /** Closes the tab and ends its session (and everything running in it). */
  async function closeTab(id: string): Promise<void> {
    // The tab goes at once; the host ends the session (a hang-up, then a kill after a grace).
    views.delete(id);
    tabs.value = tabs.value.filter((t) => t.id !== id);
    if (activeId.value === id) activeId.value = tabs.value.at(-1)?.id ?? '';
    try {
      await useApi().terminals.close({ id });
    } catch (err) {
      error.value = `closing ${id}: ${(err as Error).message}`;
    }
  }

  async function load(id: string, v: Attached, reset: boolean): Promise<void> {
    v.at = undefined;
    const t = await useApi().terminals.attach({ id });
    if (views.get(id) !== v) return;
    v.sink((reset ? RESET : '') + t.backlog);
    v.at = t.end ?? 0;
    const pending = v.pending.splice(0);
    for (const o of pending) deliver(o);
  }

  /** A view attaches: gets the backlog, then live output. Returns the detach function. */
  async function attach(id: string, sink: Sink): Promise<() => void> {
    const v: Attached = { sink, at: undefined, pending: [] };
    views.set(id, v);
    await load(id, v, false);
    return () => {
      if (views.get(id) === v) views.delete(id);
    };
  }

  /**
   * After a reconnect: tabs as the host has them now, and every shown terminal redrawn from its
   * backlog (output sent while the socket was down never arrived).
   */
  async function resync(): Promise<void> {
    await init();
    const live = new Set(tabs.value.map((t) => t.id));
    await Promise.all(
      [...views].map(([id, v]) => (live.has(id) ? load(id, v, true) : views.delete(id))),
    );
  }

  function write(id: string, data: string): void {
    void useApi().terminals.write({ id, data });
  }

  function resize(id: string, cols: number, rows: number): void {
    void useApi()
      .terminals.resize({ id, cols, rows })
      .catch(() => undefined);
  }

  return {
    tabs,
    activeId,
    open,
    split,
    error,
    init,
    openTab,
    closeTab,
    attach,
    resync,
    write,
    resize,
  };
});
