/**
 * Settings as versioned JSON in the OS app-data folder (Electron's userData; computed by hand in
 * browser mode, see app-data-dir.ts). Older versions are migrated step by step; unknown or invalid
 * fields fall back to defaults. Writes are atomic (temp file + rename), so a crash mid-write leaves
 * the old file. A file that cannot be read as settings is set aside (settings.json.corrupt-<time>),
 * defaults are used, and a notice says so — the user's file is never silently overwritten.
 */
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DEFAULT_SETTINGS, SETTINGS_VERSION, type Settings } from '../../src-shared/ipc';
import { appDataDir } from './app-data-dir';
import { MIGRATIONS } from './migrations';

export { appDataDir };

export class SettingsFile {
  private current: Settings;
  private readonly problems: string[] = [];

  constructor(
    private readonly file: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.current = this.load();
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  /** What went wrong loading the file (shown once by the UI); empty when all was well. */
  notices(): string[] {
    return [...this.problems];
  }

  update(patch: Partial<Settings>): Settings {
    if (!patch || typeof patch !== 'object') throw new Error('settings: expected an object');
    const terminal = { ...this.current.terminal, ...(patch.terminal ?? {}) };
    this.current = sanitize({ ...this.current, ...patch, terminal, version: SETTINGS_VERSION });
    writeAtomic(this.file, JSON.stringify(this.current, null, 2) + '\n');
    return this.get();
  }

  private load(): Settings {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT')
        return structuredClone(DEFAULT_SETTINGS);
      this.problems.push(
        `Could not read ${this.file} (${(err as Error).message}); using defaults.`,
      );
      return structuredClone(DEFAULT_SETTINGS);
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      return this.setAside('is not valid JSON');
    }
    if (!doc || typeof doc !== 'object' || Array.isArray(doc))
      return this.setAside('is not an object');
    let d = doc as Record<string, unknown>;
    let v = d['version'] === undefined ? 0 : d['version'];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      return this.setAside(`has an unknown version ${JSON.stringify(v)}`);
    }
    if (v > SETTINGS_VERSION) {
      return this.setAside(`was written by a newer kubelab (settings version ${v})`);
    }
    while (v < SETTINGS_VERSION) {
      const step = MIGRATIONS[v];
      if (!step) return this.setAside(`has version ${v}, which no migration handles`);
      d = step(d);
      v++;
    }
    return sanitize(d);
  }

  /** Renames the unusable file next to itself and starts from defaults, with a notice. */
  private setAside(why: string): Settings {
    const stamp = this.now().toISOString().replace(/[:.]/g, '-');
    const backup = `${this.file}.corrupt-${stamp}`;
    try {
      renameSync(this.file, backup);
      this.problems.push(
        `Your settings file ${why}; it was kept as ${basename(backup)} and the defaults are in use.`,
      );
    } catch (err) {
      this.problems.push(
        `Your settings file ${why} and could not be set aside (${(err as Error).message}); the defaults are in use.`,
      );
    }
    return structuredClone(DEFAULT_SETTINGS);
  }
}

/** Write to a temp file in the same folder, flush it, then rename over the target (atomic on POSIX and NTFS). */
export function writeAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/** Keeps only valid values of the current schema; anything else takes its default. */
export function sanitize(doc: Record<string, unknown>): Settings {
  const d = DEFAULT_SETTINGS;
  const theme = ['system', 'light', 'dark'].includes(doc['theme'] as string)
    ? (doc['theme'] as Settings['theme'])
    : d.theme;
  const ls = (doc['lastSpec'] ?? {}) as Record<string, unknown>;
  const masters = ls['masters'] === 3 ? 3 : 1;
  const workers = Number.isInteger(ls['workers'])
    ? Math.min(5, Math.max(1, ls['workers'] as number))
    : d.lastSpec.workers;
  const t = (doc['terminal'] ?? {}) as Record<string, unknown>;
  const defaultKind = t['defaultKind'] === 'shell' ? 'shell' : d.terminal.defaultKind;
  const fontSize = Number.isInteger(t['fontSize'])
    ? Math.min(32, Math.max(8, t['fontSize'] as number))
    : d.terminal.fontSize;
  return { version: 2, theme, lastSpec: { masters, workers }, terminal: { defaultKind, fontSize } };
}
