/**
 * The built-in console of no-VM mode: a small line editor that runs each command line in the
 * host's shell with the cluster's KUBECONFIG, so `kubectl get nodes` works without a native pty.
 * Keys: Enter runs, Backspace edits, ↑/↓ walk the history, Ctrl-C interrupts, Ctrl-L clears.
 * Output keeps the last 64 KiB (ring-buffer.ts) for a view that re-attaches.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { OutputRing } from './ring-buffer';
import type { TerminalSession } from './session';
// The end of a CSI sequence (after the ESC): "[A", "[1;5C", "[3~".
const ESCAPE_END = /^\[[0-9;]*[A-Za-z~]$/;
const PROMPT = '\x1b[1;36mkubelab\x1b[0m \x1b[2m$\x1b[0m ';

export interface ConsoleSessionOptions {
  /** Environment for commands (KUBECONFIG is added per command from kubeconfig()). */
  env: NodeJS.ProcessEnv;
  kubeconfig(): string | undefined;
  onOutput(data: string): void;
  /** Shell used to run a line; defaults to the platform shell. */
  shell?: string;
  cwd?: string;
}

export class ConsoleSession implements TerminalSession {
  private line = '';
  private history: string[] = [];
  private historyAt = 0;
  private running: ChildProcess | undefined;
  private readonly ring = new OutputRing();
  private ended: Promise<void> = Promise.resolve();
  private closed = false;
  private escape = '';

  constructor(private readonly opts: ConsoleSessionOptions) {
    this.out(
      "\x1b[2mkubelab console — commands run with this cluster's KUBECONFIG. Try: kubectl get nodes\x1b[0m\r\n",
    );
    this.out(PROMPT);
  }

  get backlog(): string {
    return this.ring.text;
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Keystrokes or pasted text from the terminal view. */
  write(data: string): void {
    if (this.closed) return;
    for (const ch of data) this.key(ch);
  }

  /** The console wraps nothing itself: xterm reflows, and commands run without a PTY. */
  resize(): void {}

  /** Ends the running command's process group (SIGTERM, then SIGKILL) and waits for it. */
  async close(): Promise<void> {
    this.closed = true;
    if (!this.running) return;
    this.signal('SIGTERM');
    const t = setTimeout(() => this.signal('SIGKILL'), 1500);
    await this.ended;
    clearTimeout(t);
  }

  /**
   * Signals the running command's whole process group, as a terminal does: `sh -c` may not pass
   * a signal on to the command it waits for.
   */
  private signal(sig: NodeJS.Signals): void {
    const child = this.running;
    if (!child?.pid) return;
    try {
      if (process.platform === 'win32') child.kill(sig);
      else process.kill(-child.pid, sig);
    } catch {
      child.kill(sig);
    }
  }

  private key(ch: string): void {
    if (this.escape) {
      this.escape += ch;
      if (ESCAPE_END.test(this.escape.slice(1)) || this.escape.length > 6) {
        const seq = this.escape;
        this.escape = '';
        if (!this.running) this.arrow(seq);
      }
      return;
    }
    if (ch === '\x1b') {
      this.escape = ch;
      return;
    }
    if (ch === '\x03') return this.interrupt();
    if (this.running) return; // Commands read no input; keys typed meanwhile are dropped.
    if (ch === '\r' || ch === '\n') return this.submit();
    if (ch === '\x7f' || ch === '\b') {
      if (this.line) {
        this.line = this.line.slice(0, -1);
        this.out('\b \b');
      }
      return;
    }
    if (ch === '\x0c') {
      this.out('\x1b[2J\x1b[H' + PROMPT + this.line);
      return;
    }
    if (ch >= ' ') {
      this.line += ch;
      this.out(ch);
    }
  }

  private arrow(seq: string): void {
    if (seq !== '\x1b[A' && seq !== '\x1b[B') return;
    if (!this.history.length) return;
    this.historyAt =
      seq === '\x1b[A'
        ? Math.max(0, this.historyAt - 1)
        : Math.min(this.history.length, this.historyAt + 1);
    const next = this.history[this.historyAt] ?? '';
    this.out('\b \b'.repeat(this.line.length) + next);
    this.line = next;
  }

  private interrupt(): void {
    if (this.running) {
      this.signal('SIGINT');
      return;
    }
    this.line = '';
    this.out('^C\r\n' + PROMPT);
  }

  private submit(): void {
    const cmd = this.line.trim();
    this.line = '';
    this.out('\r\n');
    if (cmd) {
      this.history.push(cmd);
      this.historyAt = this.history.length;
    }
    if (!cmd) return this.out(PROMPT);
    if (cmd === 'clear') return this.out('\x1b[2J\x1b[H' + PROMPT);
    if (cmd === 'help') {
      return this.out(
        "Run any command of your machine with the cluster's KUBECONFIG, e.g.\r\n" +
          '  kubectl get nodes -o wide\r\n  kubectl get pods -A -w   (Ctrl-C stops it)\r\n' +
          '  kubectl describe node worker-1\r\n' +
          PROMPT,
      );
    }
    this.run(cmd);
  }

  private run(cmd: string): void {
    const kubeconfig = this.opts.kubeconfig();
    const child = spawn(cmd, {
      shell: this.opts.shell ?? true,
      cwd: this.opts.cwd,
      env: { ...this.opts.env, ...(kubeconfig ? { KUBECONFIG: kubeconfig } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group (POSIX), so Ctrl-C reaches everything the line started.
      detached: process.platform !== 'win32',
    });
    this.running = child;
    let done!: () => void;
    this.ended = new Promise((r) => (done = r));
    const forward = (b: Buffer) => this.out(b.toString().replace(/\r?\n/g, '\r\n'));
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);
    let ended = false;
    const end = (note?: string) => {
      if (ended) return;
      ended = true;
      this.running = undefined;
      done();
      if (this.closed) return;
      if (note) this.out(`\x1b[31m${note}\x1b[0m\r\n`);
      this.out(PROMPT);
    };
    child.on('error', (err) => end(err.message));
    child.on('close', (code, signal) =>
      end(signal ? `(${signal})` : code ? `(exit ${code})` : undefined),
    );
  }

  private out(data: string): void {
    this.ring.append(data);
    this.opts.onOutput(data);
  }
}
