// Which view is shown, and what is selected in it (so keyboard shortcuts and links can move around).
import { defineStore } from 'pinia';
import { ref } from 'vue';

export type ViewId = 'create' | 'architecture' | 'cluster' | 'faults';

export const useNavStore = defineStore('nav', () => {
  const view = ref<ViewId>('create');
  /** The diagram component whose details are open. */
  const selectedComponent = ref<string>('');

  function go(v: ViewId): void {
    view.value = v;
  }

  return { view, selectedComponent, go };
});
