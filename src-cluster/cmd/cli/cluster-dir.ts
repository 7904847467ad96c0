/**
 * Where a background cluster keeps its bookkeeping inside its data dir, and how other commands
 * find it: `cluster.pid` (the process), `control.json` (its loopback control endpoint and a
 * per-run secret), `cluster.log` (its output, progress lines included). A pid file whose process
 * is gone is stale and ignored, so a crashed run never blocks the next `kubelab up`.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const DEFAULT_DATA_DIR = '.kubelab/cluster';

export interface ControlInfo {
  pid: number;
  /** http://127.0.0.1:<port> */
  url: string;
  token: string;
  /** "starting" until every node is Ready, then "ready". */
  state: 'starting' | 'ready' | 'failed';
  kubeconfig?: string;
  server?: string;
  nodes?: string[];
  error?: string;
}

export class ClusterDir {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = resolve(dataDir);
  }

  get pidFile(): string {
    return join(this.dir, 'cluster.pid');
  }
  get controlFile(): string {
    return join(this.dir, 'control.json');
  }
  get logFile(): string {
    return join(this.dir, 'cluster.log');
  }
  get kubeconfig(): string {
    return join(this.dir, 'kubeconfig');
  }

  /** The pid of a live cluster process for this data dir, or undefined. */
  runningPid(): number | undefined {
    if (!existsSync(this.pidFile)) return undefined;
    const pid = Number(readFileSync(this.pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && processAlive(pid) ? pid : undefined;
  }

  control(): ControlInfo | undefined {
    if (!existsSync(this.controlFile)) return undefined;
    try {
      return JSON.parse(readFileSync(this.controlFile, 'utf8')) as ControlInfo;
    } catch {
      return undefined; // being rewritten; the caller polls again
    }
  }

  writeControl(info: ControlInfo): void {
    const tmp = `${this.controlFile}.tmp`;
    writeFileSync(tmp, JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
    renameSync(tmp, this.controlFile);
  }

  writePid(pid: number): void {
    writeFileSync(this.pidFile, `${pid}\n`);
  }

  /** Removes the bookkeeping of a run that has ended (keeps state, PKI, kubeconfig, ledger, log). */
  clearRun(): void {
    rmSync(this.pidFile, { force: true });
    rmSync(this.controlFile, { force: true });
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A clear message for commands that need a running cluster. */
export function notRunning(dir: ClusterDir): string {
  return `no cluster is running in ${dir.dir} (start one with: npx kubelab up --data-dir ${dir.dir})`;
}
