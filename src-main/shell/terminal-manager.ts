/**
 * Terminal sessions owned by the host, so they survive the renderer navigating, reloading or
 * closing a tab view: each has an id, a title and a backlog to replay on attach.
 */
import type {
  TerminalInfo,
  TerminalOpen,
  TerminalOpened,
  TerminalOutput,
} from '../../src-shared/ipc';
import { ConsoleSession } from './console-session';

export interface TerminalManagerOptions {
  kubeconfig(): string | undefined;
  onOutput(out: TerminalOutput): void;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export class TerminalManager {
  private readonly sessions = new Map<string, { info: TerminalInfo; session: ConsoleSession }>();
  private seq = 0;

  constructor(private readonly opts: TerminalManagerOptions) {}

  open(req: TerminalOpen = {}): TerminalOpened {
    const id = `t${++this.seq}`;
    const info: TerminalInfo = { id, title: req.title || `console ${this.seq}`, kind: 'console' };
    const session = new ConsoleSession({
      env: this.opts.env ?? process.env,
      kubeconfig: this.opts.kubeconfig,
      onOutput: (data) => this.opts.onOutput({ id, data }),
      ...(this.opts.cwd ? { cwd: this.opts.cwd } : {}),
    });
    this.sessions.set(id, { info, session });
    return { ...info, backlog: session.backlog };
  }

  attach(id: string): TerminalOpened {
    const s = this.require(id);
    return { ...s.info, backlog: s.session.backlog };
  }

  write(id: string, data: string): void {
    this.require(id).session.write(data);
  }

  /** The console wraps lines itself (xterm reflows); nothing to tell a shell without a pty. */
  resize(id: string): void {
    this.require(id);
  }

  close(id: string): void {
    this.sessions.get(id)?.session.close();
    this.sessions.delete(id);
  }

  closeAll(): void {
    for (const id of [...this.sessions.keys()]) this.close(id);
  }

  list(): TerminalInfo[] {
    return [...this.sessions.values()].map((s) => ({ ...s.info }));
  }

  private require(id: string) {
    const s = this.sessions.get(id);
    if (!s) throw new Error(`no terminal ${id}`);
    return s;
  }
}
