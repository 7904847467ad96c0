// User settings (theme, last wizard choices), persisted by the lab host.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { DEFAULT_SETTINGS, type Settings } from '../../../src-shared/ipc';
import { useApi } from '../api/bridge';

export const useSettingsStore = defineStore('settings', () => {
  const settings = ref<Settings>({ ...DEFAULT_SETTINGS });
  const systemDark = ref(
    typeof window !== 'undefined' && window.matchMedia?.('(prefers-color-scheme: dark)').matches,
  );
  const theme = computed<'light' | 'dark'>(() =>
    settings.value.theme === 'system'
      ? systemDark.value
        ? 'dark'
        : 'light'
      : settings.value.theme,
  );

  async function init(): Promise<void> {
    settings.value = await useApi().settings.get();
    window.matchMedia?.('(prefers-color-scheme: dark)').addEventListener?.('change', (e) => {
      systemDark.value = e.matches;
    });
  }

  async function update(patch: Partial<Settings>): Promise<void> {
    settings.value = { ...settings.value, ...patch };
    settings.value = await useApi().settings.update(patch);
  }

  function toggleTheme(): Promise<void> {
    return update({ theme: theme.value === 'dark' ? 'light' : 'dark' });
  }

  return { settings, theme, init, update, toggleTheme };
});
