/**
 * Terminal sessions owned by the host, so they survive the renderer navigating, reloading or
 * reconnecting: each has an id, a title and an output ring to replay on attach. Kinds:
 * - console: the built-in line console (every platform, no PTY);
 * - shell:   a host shell on a real PTY with the cluster's KUBECONFIG (no-VM mode, Linux);
 * - ssh:     a shell on a VM node over ssh2 (VM mode).
 * Closing a session ends everything it started.
 */
import type {
  TerminalInfo,
  TerminalKind,
  TerminalOpen,
  TerminalOpened,
  TerminalOutput,
} from '../../src-shared/ipc';
import { ConsoleSession } from './console-session';
import { HostShellSession } from './host-shell';
import type { KnownHosts } from './known-hosts';
import { detectPtyBackend, type PtyBackend } from './pty-backend';
import { OutputRing } from './ring-buffer';
import { checkSize, DEFAULT_SIZE, type TerminalSession } from './session';
import { SshConnections } from './ssh-connections';
import { SshSession, type SshTarget } from './ssh-session';

export interface TerminalManagerOptions {
  kubeconfig(): string | undefined;
  onOutput(out: TerminalOutput): void;
  env?: NodeJS.ProcessEnv;
  /** Where the console runs commands; host shells start in the home folder. */
  cwd?: string;
  backlogChars?: number;
  /** How host shells get a PTY (detected once by default). */
  ptyBackend?: () => PtyBackend;
  /** VM mode: where a node's sshd is reachable; undefined in no-VM mode. */
  sshTarget?: (node: string) => SshTarget | undefined;
  /** VM mode: the cluster's known host keys. */
  knownHosts?: () => KnownHosts;
}

interface Entry {
  info: TerminalInfo;
  session: TerminalSession;
  ring: OutputRing;
  note?: string;
}

const KINDS: readonly TerminalKind[] = ['console', 'shell', 'ssh'];

export class TerminalManager {
  private readonly sessions = new Map<string, Entry>();
  private seq = 0;
  private backend: PtyBackend | undefined;
  private ssh: SshConnections | undefined;

  constructor(private readonly opts: TerminalManagerOptions) {}

  /** Whether host shells work here, and why not. */
  hostShell(): PtyBackend {
    return (this.backend ??= (this.opts.ptyBackend ?? (() => detectPtyBackend()))());
  }

  async open(req: TerminalOpen = {}): Promise<TerminalOpened> {
    const kind = req.kind ?? 'console';
    if (!KINDS.includes(kind)) throw new Error(`unknown terminal kind "${String(kind)}"`);
    const size =
      req.cols !== undefined || req.rows !== undefined
        ? checkSize(req.cols, req.rows)
        : DEFAULT_SIZE;
    const n = ++this.seq;
    const id = `t${n}`;
    const ring = new OutputRing(this.opts.backlogChars);
    const entry = { ring } as Entry;
    const onOutput = (data: string) => {
      ring.append(data);
      this.opts.onOutput({ id, data, end: ring.total });
    };
    const onExit = (reason: string) => {
      entry.info.exited = true;
      onOutput(`\r\n\x1b[2m[${reason} — close the tab or open a new one]\x1b[0m\r\n`);
    };

    let actual: TerminalKind = kind;
    if (kind === 'ssh') {
      const node = String(req.node ?? '');
      const target = node ? this.opts.sshTarget?.(node) : undefined;
      if (!target || !this.opts.knownHosts) {
        throw new Error(
          node
            ? `node "${node}" has no SSH endpoint: node shells need a VM-mode cluster (use a host shell or the console in no-VM mode)`
            : 'an ssh terminal needs a node',
        );
      }
      entry.info = { id, title: req.title || `${node}`, kind, node };
      this.ssh ??= new SshConnections(this.opts.knownHosts());
      entry.session = await SshSession.connect({
        target,
        connections: this.ssh,
        size,
        onOutput,
        onExit,
      });
    } else {
      const backend = kind === 'shell' ? this.hostShell() : undefined;
      if (backend?.kind === 'none') {
        actual = 'console';
        entry.note = `No host shell here: ${backend.reason}. This is the built-in console instead.`;
      }
      entry.info = {
        id,
        title: req.title || (actual === 'shell' ? `shell ${n}` : `console ${n}`),
        kind: actual,
      };
      if (entry.note) onOutput(`\x1b[33m${entry.note}\x1b[0m\r\n`);
      const env = this.opts.env ?? process.env;
      entry.session =
        backend && backend.kind !== 'none'
          ? new HostShellSession({
              backend,
              env,
              kubeconfig: this.opts.kubeconfig(),
              size,
              onOutput,
              onExit,
            })
          : new ConsoleSession({
              env,
              kubeconfig: this.opts.kubeconfig,
              onOutput,
              ...(this.opts.cwd ? { cwd: this.opts.cwd } : {}),
            });
    }
    this.sessions.set(id, entry);
    return this.opened(entry);
  }

  /** Re-attach a view: the backlog so far (live output follows on the output event). */
  attach(id: string): TerminalOpened {
    return this.opened(this.require(id));
  }

  write(id: string, data: string): void {
    this.require(id).session.write(data);
  }

  resize(id: string, cols: unknown, rows: unknown): void {
    const size = checkSize(cols, rows);
    this.require(id).session.resize(size.cols, size.rows);
  }

  /** Ends a session and everything it started. Unknown ids are already closed. */
  async close(id: string): Promise<void> {
    const e = this.sessions.get(id);
    if (!e) return;
    this.sessions.delete(id);
    await e.session.close();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((id) => this.close(id)));
  }

  list(): TerminalInfo[] {
    return [...this.sessions.values()].map((s) => ({ ...s.info }));
  }

  private opened(e: Entry): TerminalOpened {
    return {
      ...e.info,
      backlog: e.ring.text,
      end: e.ring.total,
      ...(e.note ? { note: e.note } : {}),
    };
  }

  private require(id: string): Entry {
    const s = this.sessions.get(id);
    if (!s) throw new Error(`no terminal ${id}`);
    return s;
  }
}
