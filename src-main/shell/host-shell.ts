/**
 * A shell on the host with a real PTY (no-VM mode): the user's shell, interactive, with the
 * cluster's KUBECONFIG, kubectl on PATH and the home folder as cwd — `kubectl get pods -w`,
 * `vi`, Ctrl-C and tab completion all behave as in a terminal emulator.
 *
 * Resizing: with `script` the PTY is not ours to ioctl, so kubelab finds the shell's PTY
 * (/dev/pts/N, from /proc) and runs `stty -F <pty> rows R cols C`, a separate process: nothing is
 * typed into the shell, and the kernel signals SIGWINCH to the foreground job. With python3 the
 * helper resizes its own master on request (fd 3).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { alive, childrenOf, cmdline, sessionMembers, signal, ttyOf } from './proc-tree';
import { PYTHON_PTY, type PtyBackend } from './pty-backend';
import { DEFAULT_SIZE, type SessionEvents, type TermSize, type TerminalSession } from './session';

export interface HostShellOptions extends SessionEvents {
  backend: Exclude<PtyBackend, { kind: 'none' }>;
  env?: NodeJS.ProcessEnv;
  kubeconfig?: string;
  /** The shell to run; $SHELL, else bash, else sh. */
  shell?: string;
  cwd?: string;
  size?: TermSize;
}

const GRACE_MS = 1500;
/** How the `script` wrapper command starts; while a process's command line has it, it is not the shell yet. */
const INITIAL_SIZE_MARK = 'stty rows';

export class HostShellSession implements TerminalSession {
  private readonly child: ChildProcess;
  private shellPid: number | undefined;
  private exited = false;
  private closing = false;
  /** Input held back until a pending resize has been applied. */
  private readonly held: string[] = [];
  private readonly exitedP: Promise<void>;
  /** The latest size asked for while an stty runs (a window drag sends many; only the last counts). */
  private wanted: TermSize | undefined;
  private sizing = false;

  constructor(private readonly opts: HostShellOptions) {
    const size = opts.size ?? DEFAULT_SIZE;
    const shell = opts.shell ?? pickShell(opts.env ?? process.env);
    const env = shellEnv(opts.env ?? process.env, opts.kubeconfig);
    const cwd = opts.cwd ?? homedir();
    if (opts.backend.kind === 'script') {
      // -q no banner, -f flush each write, -e the shell's exit code; the typescript goes nowhere.
      // The initial size is set in the command, before the shell starts, so nothing is echoed.
      const cmd = `${INITIAL_SIZE_MARK} ${size.rows} cols ${size.cols} 2>/dev/null; export SHELL=${quote(shell)}; exec ${quote(shell)} -i`;
      this.child = spawn(opts.backend.bin, ['-qfec', cmd, '/dev/null'], {
        cwd,
        env: { ...env, SHELL: '/bin/sh' },
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true,
      });
    } else {
      this.child = spawn(
        opts.backend.bin,
        ['-c', PYTHON_PTY, String(size.rows), String(size.cols), shell, '-i'],
        { cwd, env, stdio: ['pipe', 'pipe', 'pipe', 'pipe'], detached: true },
      );
    }
    const note = opts.kubeconfig
      ? `host shell — KUBECONFIG=${opts.kubeconfig}`
      : 'host shell — no cluster yet, so KUBECONFIG is not set';
    opts.onOutput(`\x1b[2m${note}\x1b[0m\r\n`);
    const forward = (b: Buffer) => opts.onOutput(b.toString('utf8'));
    this.child.stdout?.on('data', forward);
    this.child.stderr?.on('data', forward);
    this.child.stdin?.on('error', () => undefined);
    this.exitedP = new Promise((resolve) => {
      this.child.on('error', (err) => {
        this.exited = true;
        if (!this.closing) opts.onExit(`cannot start the shell: ${err.message}`);
        resolve();
      });
      this.child.on('close', (code, sig) => {
        this.exited = true;
        if (!this.closing)
          opts.onExit(sig ? `shell ended (${sig})` : `shell exited (${code ?? 0})`);
        resolve();
      });
    });
  }

  /** The shell's pid (the PTY session's leader), once it runs. */
  get pid(): number | undefined {
    if (this.shellPid === undefined && this.child.pid) {
      this.shellPid = childrenOf(this.child.pid)[0];
    }
    return this.shellPid;
  }

  write(data: string): void {
    if (this.exited) return;
    // Keys typed while a resize is still on its way wait for it: a command typed right after the
    // view sized the terminal must see that size, as it would in a terminal emulator.
    if (this.sizing) this.held.push(data);
    else this.child.stdin?.write(data);
  }

  resize(cols: number, rows: number): void {
    if (this.exited) return;
    if (this.opts.backend.kind === 'python') {
      (this.child.stdio[3] as NodeJS.WritableStream | null)?.write(`${rows} ${cols}\n`);
      return;
    }
    this.wanted = { cols, rows };
    if (!this.sizing) void this.applySize();
  }

  /** Runs `stty -F <pty>` off the event loop, one at a time, always for the newest size. */
  private async applySize(): Promise<void> {
    this.sizing = true;
    // A shell can take seconds to start on a loaded machine (or behind a slow rc file); a size
    // given up on too early leaves the shell on the wrong size until the next window resize.
    const startBy = Date.now() + 30_000;
    while (this.wanted && !this.exited) {
      const pid = this.pid;
      // Right after open the shell may not sit on its PTY yet, or the wrapper may still be about
      // to set the initial size (and would undo this one): the view's first size must not be
      // lost, so wait for the shell itself a little.
      const tty = pid && !cmdline(pid).includes(INITIAL_SIZE_MARK) ? ttyOf(pid) : undefined;
      if (!tty) {
        if (Date.now() > startBy || this.closing) break;
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      const { cols, rows } = this.wanted;
      this.wanted = undefined;
      await new Promise<void>((resolve) =>
        execFile(
          'stty',
          ['-F', tty, 'rows', String(rows), 'cols', String(cols)],
          { timeout: 5000 },
          () => resolve(),
        ),
      );
    }
    this.sizing = false;
    for (const d of this.held.splice(0)) if (!this.exited) this.child.stdin?.write(d);
  }

  /**
   * Hangs up like a closed terminal window: the helper goes, the PTY closes, the kernel sends
   * SIGHUP to the session; whatever ignores it is killed after a grace period.
   */
  async close(): Promise<void> {
    if (this.closing) return this.exitedP;
    this.closing = true;
    const sid = this.pid;
    const members = () => (sid ? sessionMembers(sid).filter(alive) : []);
    // Hang up the shell's session first: the helper exits by itself once its child is gone.
    // (Terminating `script` first would make it wait ~2 s on an interactive shell, which ignores
    // SIGTERM.) Only a helper whose shell never started is terminated directly.
    const first = members();
    signal(first, 'SIGHUP');
    if (!first.length && this.child.pid && !this.exited) signal([-this.child.pid], 'SIGTERM');
    const deadline = Date.now() + GRACE_MS;
    while ((members().length || !this.exited) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    signal(members(), 'SIGKILL');
    if (this.child.pid && !this.exited) signal([-this.child.pid], 'SIGKILL');
    await this.exitedP;
    // SIGKILL lands asynchronously: return only once the session is really gone.
    const killDeadline = Date.now() + GRACE_MS;
    while (members().length && Date.now() < killDeadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

function pickShell(env: NodeJS.ProcessEnv): string {
  const candidates = [env['SHELL'], '/bin/bash', '/bin/sh'];
  return candidates.find((s): s is string => !!s && existsSync(s)) ?? '/bin/sh';
}

/** The environment of a host shell: the cluster's KUBECONFIG and kubectl on PATH. */
export function shellEnv(base: NodeJS.ProcessEnv, kubeconfig?: string): NodeJS.ProcessEnv {
  const path = (base['PATH'] ?? '').split(delimiter).filter(Boolean);
  const kubectl = findKubectl(path);
  if (kubectl && !path.includes(dirname(kubectl))) path.push(dirname(kubectl));
  return {
    ...base,
    PATH: path.join(delimiter),
    TERM: 'xterm-256color',
    COLORTERM: 'truecolor',
    ...(kubeconfig ? { KUBECONFIG: kubeconfig } : {}),
  };
}

/** kubectl from PATH, else the usual install places (a GUI app's PATH is often minimal). */
export function findKubectl(path: readonly string[]): string | undefined {
  const dirs = [...path, '/usr/local/bin', '/usr/bin', '/opt/homebrew/bin', '/snap/bin'];
  return dirs.map((d) => join(d, 'kubectl')).find((f) => existsSync(f));
}

function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
