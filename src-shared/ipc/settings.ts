/** User settings, stored as versioned JSON in the OS app-data folder. */

export type ThemeSetting = 'system' | 'light' | 'dark';

export interface Settings {
  version: 1;
  theme: ThemeSetting;
  /** Last wizard choices, to pre-fill it. */
  lastSpec: { masters: 1 | 3; workers: number };
}

export const DEFAULT_SETTINGS: Settings = {
  version: 1,
  theme: 'system',
  lastSpec: { masters: 1, workers: 2 },
};
