// Fault catalogue and the active faults (with their timers) as the lab host reports them.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { FaultKindInfo, FaultRequest, FaultsState } from '../../../src-shared/ipc';
import { useApi } from '../api/bridge';

export const useFaultsStore = defineStore('faults', () => {
  const catalogue = ref<FaultKindInfo[]>([]);
  const state = ref<FaultsState>({ active: [], marks: [] });
  const error = ref('');
  let unsubscribe: (() => void) | undefined;

  async function init(): Promise<void> {
    const api = useApi();
    unsubscribe ??= api.faults.onChanged((s) => (state.value = s));
    state.value = await api.faults.state();
  }

  async function loadCatalogue(): Promise<void> {
    try {
      catalogue.value = await useApi().faults.catalogue();
    } catch {
      catalogue.value = [];
    }
  }

  async function apply(req: FaultRequest): Promise<boolean> {
    error.value = '';
    try {
      await useApi().faults.apply(req);
      return true;
    } catch (err) {
      error.value = (err as Error).message;
      return false;
    }
  }

  async function revert(id: string): Promise<void> {
    await useApi().faults.revert({ id });
  }

  async function revertAll(): Promise<void> {
    await useApi().faults.revertAll();
  }

  return { catalogue, state, error, init, loadCatalogue, apply, revert, revertAll };
});
