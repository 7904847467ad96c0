/**
 * Settings as versioned JSON in the OS app-data folder (~/.config/kubelab on Linux,
 * ~/Library/Application Support/kubelab on macOS, %APPDATA%\kubelab on Windows). Older versions
 * are migrated step by step; unknown or invalid fields fall back to defaults.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { DEFAULT_SETTINGS, type Settings } from '../../src-shared/ipc';

export function appDataDir(env = process.env, platform = process.platform): string {
  if (env['KUBELAB_HOME']) return env['KUBELAB_HOME'];
  if (platform === 'win32')
    return join(env['APPDATA'] ?? join(homedir(), 'AppData/Roaming'), 'kubelab');
  if (platform === 'darwin') return join(homedir(), 'Library/Application Support/kubelab');
  return join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'kubelab');
}

/** Migrations: MIGRATIONS[n] turns a version-n document into version n+1. */
const MIGRATIONS: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {
  0: (doc) => ({ ...doc, version: 1 }),
};

export class SettingsFile {
  private current: Settings;

  constructor(private readonly file: string) {
    this.current = this.load();
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  update(patch: Partial<Settings>): Settings {
    this.current = sanitize({ ...this.current, ...patch, version: 1 });
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.current, null, 2) + '\n');
    renameSync(tmp, this.file);
    return this.get();
  }

  private load(): Settings {
    let doc: Record<string, unknown>;
    try {
      doc = JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, unknown>;
    } catch {
      return structuredClone(DEFAULT_SETTINGS);
    }
    let v = typeof doc['version'] === 'number' ? (doc['version'] as number) : 0;
    while (v < DEFAULT_SETTINGS.version && MIGRATIONS[v]) doc = MIGRATIONS[v++]!(doc);
    return sanitize(doc);
  }
}

function sanitize(doc: Record<string, unknown>): Settings {
  const d = DEFAULT_SETTINGS;
  const theme = ['system', 'light', 'dark'].includes(doc['theme'] as string)
    ? (doc['theme'] as Settings['theme'])
    : d.theme;
  const ls = (doc['lastSpec'] ?? {}) as Record<string, unknown>;
  const masters = ls['masters'] === 3 ? 3 : 1;
  const workers = Number.isInteger(ls['workers'])
    ? Math.min(5, Math.max(1, ls['workers'] as number))
    : d.lastSpec.workers;
  return {
    version: 1,
    theme,
    lastSpec: { masters, workers },
  };
}
