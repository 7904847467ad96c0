import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src-shared/ipc';
import { SettingsFile, appDataDir } from '../../../src-main/settings/settings-file';

const file = () => join(mkdtempSync(join(tmpdir(), 'kubelab-settings-')), 'settings.json');
const at = () => new Date('2026-01-02T03:04:05.678Z');

describe('settings', () => {
  it('starts from defaults and persists versioned JSON', () => {
    const f = file();
    const s = new SettingsFile(f);
    expect(s.get()).toEqual(DEFAULT_SETTINGS);
    expect(s.notices()).toEqual([]);
    s.update({ theme: 'dark' });
    expect(JSON.parse(readFileSync(f, 'utf8'))).toMatchObject({ version: 2, theme: 'dark' });
    expect(new SettingsFile(f).get().theme).toBe('dark');
  });

  it('merges nested terminal settings and clamps them', () => {
    const f = file();
    const s = new SettingsFile(f);
    s.update({ terminal: { fontSize: 99 } as never });
    expect(s.get().terminal).toEqual({ defaultKind: 'console', fontSize: 32 });
    s.update({ terminal: { defaultKind: 'shell' } as never });
    expect(new SettingsFile(f).get().terminal).toEqual({ defaultKind: 'shell', fontSize: 32 });
  });

  it('writes atomically: no temp file is left, and a stale temp file never counts', () => {
    const f = file();
    writeFileSync(join(dirname(f), `.settings.json.${process.pid}.tmp`), '{half');
    new SettingsFile(f).update({ theme: 'light' });
    expect(readdirSync(dirname(f))).toEqual(['settings.json']);
    expect(new SettingsFile(f).get().theme).toBe('light');
  });

  it('migrates an unversioned file and drops invalid values', () => {
    const f = file();
    writeFileSync(f, JSON.stringify({ theme: 'neon', lastSpec: { masters: 3, workers: 99 } }));
    expect(new SettingsFile(f).get()).toEqual({
      ...DEFAULT_SETTINGS,
      lastSpec: { masters: 3, workers: 5 },
    });
  });

  it('migrates version 1 (top-level terminalFontSize) to version 2', () => {
    const f = file();
    writeFileSync(
      f,
      JSON.stringify({
        version: 1,
        theme: 'dark',
        lastSpec: { masters: 1, workers: 3 },
        terminalFontSize: 15,
      }),
    );
    const s = new SettingsFile(f);
    expect(s.get()).toEqual({
      version: 2,
      theme: 'dark',
      lastSpec: { masters: 1, workers: 3 },
      terminal: { defaultKind: 'console', fontSize: 15 },
    });
    expect(s.notices()).toEqual([]);
    // The migrated document is written on the next update, at the current version.
    s.update({});
    expect(JSON.parse(readFileSync(f, 'utf8'))).not.toHaveProperty('terminalFontSize');
  });

  it('sets a corrupt file aside, uses defaults and says so', () => {
    const f = file();
    writeFileSync(f, '{not json');
    const s = new SettingsFile(f, at);
    expect(s.get()).toEqual(DEFAULT_SETTINGS);
    const backup = 'settings.json.corrupt-2026-01-02T03-04-05-678Z';
    expect(s.notices()).toEqual([
      `Your settings file is not valid JSON; it was kept as ${backup} and the defaults are in use.`,
    ]);
    expect(readFileSync(join(dirname(f), backup), 'utf8')).toBe('{not json');
    // The next save writes a fresh file; the backup stays.
    s.update({ theme: 'dark' });
    expect(readdirSync(dirname(f)).sort()).toEqual([backup, 'settings.json'].sort());
  });

  it('does not overwrite a file from a newer kubelab, nor one of an unknown shape', () => {
    for (const [text, why] of [
      [JSON.stringify({ version: 7, theme: 'dark' }), 'newer kubelab (settings version 7)'],
      ['[1,2]', 'is not an object'],
      [JSON.stringify({ version: 'x' }), 'unknown version "x"'],
    ] as const) {
      const f = file();
      writeFileSync(f, text);
      const s = new SettingsFile(f, at);
      expect(s.get()).toEqual(DEFAULT_SETTINGS);
      expect(s.notices()[0]).toContain(why);
      expect(readdirSync(dirname(f))).toEqual(['settings.json.corrupt-2026-01-02T03-04-05-678Z']);
    }
  });

  it('lives in the OS app-data folder, as Electron’s userData', () => {
    expect(appDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/u')).toBe('/x/kubelab');
    expect(appDataDir({}, 'linux', '/home/u')).toBe('/home/u/.config/kubelab');
    expect(appDataDir({ XDG_CONFIG_HOME: 'relative' }, 'linux', '/home/u')).toBe(
      '/home/u/.config/kubelab',
    );
    expect(appDataDir({}, 'darwin', '/Users/u')).toBe(
      '/Users/u/Library/Application Support/kubelab',
    );
    expect(appDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toBe(
      'C:\\Users\\u\\AppData\\Roaming\\kubelab',
    );
    expect(appDataDir({}, 'win32', 'C:\\Users\\u')).toBe('C:\\Users\\u\\AppData\\Roaming\\kubelab');
    expect(appDataDir({ KUBELAB_HOME: '/k' }, 'linux')).toBe('/k');
  });
});
