/**
 * Terminal tabs. Sessions live in the lab host; this store knows the tabs, which one is shown,
 * and routes output to whichever view is attached (views come and go, sessions stay).
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { TerminalInfo } from '../../../src-shared/ipc';
import { useApi } from '../api/bridge';

type Sink = (data: string) => void;

export const useTerminalsStore = defineStore('terminals', () => {
  const tabs = ref<TerminalInfo[]>([]);
  const activeId = ref<string>('');
  const open = ref(false);
  const sinks = new Map<string, Sink>();
  let unsubscribe: (() => void) | undefined;

  async function init(): Promise<void> {
    const api = useApi();
    unsubscribe ??= api.terminals.onOutput((o) => sinks.get(o.id)?.(o.data));
    tabs.value = await api.terminals.list();
    activeId.value = tabs.value[0]?.id ?? '';
  }

  async function openTab(title?: string): Promise<void> {
    const t = await useApi().terminals.open(title ? { title } : {});
    tabs.value = [...tabs.value, t];
    activeId.value = t.id;
    open.value = true;
  }

  async function closeTab(id: string): Promise<void> {
    await useApi().terminals.close({ id });
    sinks.delete(id);
    tabs.value = tabs.value.filter((t) => t.id !== id);
    if (activeId.value === id) activeId.value = tabs.value.at(-1)?.id ?? '';
  }

  /** A view attaches: gets the backlog, then live output. Returns the detach function. */
  async function attach(id: string, sink: Sink): Promise<() => void> {
    sinks.set(id, sink);
    const t = await useApi().terminals.attach({ id });
    sink(t.backlog);
    return () => {
      if (sinks.get(id) === sink) sinks.delete(id);
    };
  }

  function write(id: string, data: string): void {
    void useApi().terminals.write({ id, data });
  }

  return { tabs, activeId, open, init, openTab, closeTab, attach, write };
});
