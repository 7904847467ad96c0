/**
 * The link to the lab host. In browser mode a dropped WebSocket reconnects by itself; what the
 * page missed meanwhile (object changes, status, faults, terminal output) is fetched again on
 * reconnect: stores re-list from the host, terminals re-attach to their backlog. Event listeners
 * need no re-subscribing: they live in the transport and the host sends every event to every socket.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ConnectionState } from '../api/ws-transport';
import { onConnectionChange } from '../api/bridge';
import { useClusterStore } from './cluster';
import { useFaultsStore } from './faults';
import { useObjectsStore } from './objects';
import { useTerminalsStore } from './terminals';

export const useConnectionStore = defineStore('connection', () => {
  const state = ref<ConnectionState>('open');
  const retryInMs = ref(0);
  /** How many times the page re-synced after a reconnect (tests and the banner read it). */
  const resyncs = ref(0);
  const resyncError = ref('');
  let stop: (() => void) | undefined;

  function start(): void {
    stop ??= onConnectionChange((c) => {
      state.value = c.state;
      retryInMs.value = c.retryInMs ?? 0;
      if (c.state === 'open' && c.reconnected) void resync();
    });
  }

  async function resync(): Promise<void> {
    try {
      await Promise.all([
        useClusterStore().init(),
        useObjectsStore().init(),
        useFaultsStore().init(),
        useTerminalsStore().resync(),
      ]);
      resyncError.value = '';
      resyncs.value++;
    } catch (err) {
      // The socket dropped again mid-way: the next reconnect re-syncs.
      resyncError.value = (err as Error).message;
    }
  }

  return { state, retryInMs, resyncs, resyncError, start, resync };
});
