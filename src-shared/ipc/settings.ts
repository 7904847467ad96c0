/** User settings, stored as versioned JSON in the OS app-data folder. */

export type ThemeSetting = 'system' | 'light' | 'dark';

export interface TerminalSettings {
  /** What "+ New terminal" opens: the built-in console, or a host shell where one can run. */
  defaultKind: 'console' | 'shell';
  fontSize: number;
}

export interface Settings {
  /** Schema version; older files are migrated on load (src-main/settings/settings-file.ts). */
  version: 2;
  theme: ThemeSetting;
  /** Last wizard choices, to pre-fill it. */
  lastSpec: { masters: 1 | 3; workers: number };
  terminal: TerminalSettings;
}

export const SETTINGS_VERSION = 2;

export const DEFAULT_SETTINGS: Settings = {
  version: 2,
  theme: 'system',
  lastSpec: { masters: 1, workers: 2 },
  terminal: { defaultKind: 'console', fontSize: 13 },
};
