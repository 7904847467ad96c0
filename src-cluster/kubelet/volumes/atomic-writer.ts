/**
 * Writes an API-data volume (configMap, secret, downwardAPI, projected) so a reader in the
 * container never sees a half-updated set of files — the layout upstream's AtomicWriter uses:
 *
 *   <dir>/..2026_11_25_23_10_00.123456789/<files>   one generation of the data
 *   <dir>/..data -> ..2026_11_25_…                  swapped by rename(), which is atomic
 *   <dir>/<key>  -> ..data/<key>                    what the user sees
 *
 * An update writes a new generation, renames a fresh `..data_tmp` link over `..data`, fixes the
 * top-level links, then removes the old generation. Writing the same content again is a no-op, so
 * calling it on every sync is cheap.
 */
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { FileSet } from './projection';

const DATA = '..data';
const DATA_TMP = '..data_tmp';

function generationName(now: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const ns = process.hrtime.bigint() % 1_000_000_000n;
  return `..${now.getUTCFullYear()}_${p(now.getUTCMonth() + 1)}_${p(now.getUTCDate())}_${p(now.getUTCHours())}_${p(now.getUTCMinutes())}_${p(now.getUTCSeconds())}.${String(ns).padStart(9, '0')}`;
}

function listFiles(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(root, r));
    else out.push(r);
  }
  return out;
}

/** True when the current generation holds exactly `files` (content and mode). */
function unchanged(gen: string, files: FileSet): boolean {
  const have = listFiles(gen);
  if (have.length !== files.size) return false;
  for (const rel of have) {
    const want = files.get(rel);
    if (!want) return false;
    const p = join(gen, rel);
    if ((statSync(p).mode & 0o7777) !== want.mode || !readFileSync(p).equals(want.data))
      return false;
  }
  return true;
}

/** Makes `dir` hold exactly `files`, atomically. Returns true when something changed. */
export function writeAtomically(dir: string, files: FileSet, now = new Date()): boolean {
  mkdirSync(dir, { recursive: true });
  const dataLink = join(dir, DATA);
  const old = existsSync(dataLink) ? readlinkSync(dataLink) : undefined;
  if (old && unchanged(join(dir, old), files)) return false;

  const gen = generationName(now);
  const genDir = join(dir, gen);
  mkdirSync(genDir, { mode: 0o755 });
  for (const [rel, f] of files) {
    const p = join(genDir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.data);
    chmodSync(p, f.mode); // writeFileSync's mode is masked by the umask; chmod is not.
  }
  const tmp = join(dir, DATA_TMP);
  rmSync(tmp, { force: true });
  symlinkSync(gen, tmp);
  renameSync(tmp, dataLink);

  // User-visible names: one link per top-level entry, pointing through ..data.
  const top = new Set([...files.keys()].map((r) => r.split('/')[0]!));
  for (const name of top) {
    const link = join(dir, name);
    let isLink = false;
    try {
      isLink = lstatSync(link).isSymbolicLink();
    } catch {
      // absent
    }
    if (!isLink) {
      rmSync(link, { recursive: true, force: true });
      symlinkSync(join(DATA, name), link);
    }
  }
  for (const e of readdirSync(dir)) {
    if (e.startsWith('..') || top.has(e)) continue;
    rmSync(join(dir, e), { recursive: true, force: true });
  }
  if (old) rmSync(join(dir, old), { recursive: true, force: true });
  return true;
}
