// The cluster's lifecycle and health, as the lab host reports it.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ClusterSpec, ClusterStatus, DriverInfo } from '../../../src-shared/ipc';
import { useApi } from '../api/bridge';

const ABSENT: ClusterStatus = { phase: 'absent', nodes: [], components: [], startup: [] };

export const useClusterStore = defineStore('cluster', () => {
  const status = ref<ClusterStatus>(ABSENT);
  const drivers = ref<DriverInfo[]>([]);
  const error = ref<string>('');
  let unsubscribe: (() => void) | undefined;

  const running = computed(() => status.value.phase === 'running');
  const allHealthy = computed(
    () =>
      status.value.components.length > 0 &&
      status.value.components.every((c) => c.state === 'healthy'),
  );

  async function init(): Promise<void> {
    const api = useApi();
    unsubscribe ??= api.cluster.onStatusChanged((s) => (status.value = s));
    [status.value, drivers.value] = await Promise.all([
      api.cluster.status(),
      api.cluster.drivers(),
    ]);
  }

  async function create(spec: ClusterSpec): Promise<void> {
    error.value = '';
    try {
      status.value = await useApi().cluster.create(spec);
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  async function stop(): Promise<void> {
    error.value = '';
    try {
      status.value = await useApi().cluster.stop();
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  return { status, drivers, error, running, allHealthy, init, create, stop };
});
