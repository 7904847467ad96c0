import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src-shared/ipc';
import { SettingsFile, appDataDir } from '../../../src-main/settings/settings-file';

const file = () => join(mkdtempSync(join(tmpdir(), 'kubelab-settings-')), 'settings.json');

describe('settings', () => {
  it('starts from defaults and persists versioned JSON', () => {
    const f = file();
    const s = new SettingsFile(f);
    expect(s.get()).toEqual(DEFAULT_SETTINGS);
    s.update({ theme: 'dark' });
    expect(JSON.parse(readFileSync(f, 'utf8'))).toMatchObject({ version: 1, theme: 'dark' });
    expect(new SettingsFile(f).get().theme).toBe('dark');
  });

  it('migrates an unversioned file and drops invalid values', () => {
    const f = file();
    writeFileSync(f, JSON.stringify({ theme: 'neon', lastSpec: { masters: 3, workers: 99 } }));
    expect(new SettingsFile(f).get()).toEqual({
      ...DEFAULT_SETTINGS,
      lastSpec: { masters: 3, workers: 5 },
    });
  });

  it('survives a corrupt file', () => {
    const f = file();
    writeFileSync(f, '{not json');
    expect(new SettingsFile(f).get()).toEqual(DEFAULT_SETTINGS);
  });

  it('lives in the OS app-data folder', () => {
    expect(appDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux')).toBe('/x/kubelab');
    expect(appDataDir({ APPDATA: 'C:/A' }, 'win32')).toBe(join('C:/A', 'kubelab'));
    expect(appDataDir({ KUBELAB_HOME: '/k' }, 'linux')).toBe('/k');
  });
});
