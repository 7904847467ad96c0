/**
 * A shell on a VM node over SSH (ssh2): a channel of the node's shared connection
 * (ssh-connections.ts) with a PTY sized like the view, resized with window-change requests.
 */
import type { ClientChannel } from 'ssh2';
import { SshConnections, type SshTarget } from './ssh-connections';
import type { KnownHosts } from './known-hosts';
import { DEFAULT_SIZE, type SessionEvents, type TermSize, type TerminalSession } from './session';

export type { SshTarget };

export interface SshSessionOptions extends SessionEvents {
  target: SshTarget;
  /** The lab's shared connections; a private one (closed with the session) otherwise. */
  connections?: SshConnections;
  /** Needed when no connections are given. */
  knownHosts?: KnownHosts;
  size?: TermSize;
}

export class SshSession implements TerminalSession {
  private closing = false;
  private readonly ended: Promise<void>;

  private constructor(
    private readonly stream: ClientChannel,
    private readonly release: () => void,
    opts: SshSessionOptions,
  ) {
    stream.on('data', (b: Buffer) => opts.onOutput(b.toString('utf8')));
    stream.stderr.on('data', (b: Buffer) => opts.onOutput(b.toString('utf8')));
    this.ended = new Promise((resolve) => {
      let code: number | undefined;
      stream.on('exit', (c: number | null) => (code = c ?? undefined));
      // The channel closes when the remote shell ends, or with the whole connection.
      stream.on('close', () => {
        release();
        if (!this.closing) {
          opts.onExit(code !== undefined ? `remote shell exited (${code})` : 'connection closed');
        }
        resolve();
      });
    });
  }

  /** Opens an interactive shell on a PTY (connecting first if this node has no connection). */
  static async connect(opts: SshSessionOptions): Promise<SshSession> {
    let connections = opts.connections;
    if (!connections) {
      if (!opts.knownHosts) throw new Error('an ssh session needs known hosts');
      connections = new SshConnections(opts.knownHosts);
    }
    const { stream, release } = await connections.shell(opts.target, opts.size ?? DEFAULT_SIZE);
    return new SshSession(stream, release, opts);
  }

  write(data: string): void {
    if (!this.closing) this.stream.write(data);
  }

  resize(cols: number, rows: number): void {
    if (!this.closing) this.stream.setWindow(rows, cols, 0, 0);
  }

  /** Closes the channel (sshd hangs up the shell); the connection ends with its last channel. */
  async close(): Promise<void> {
    if (!this.closing) {
      this.closing = true;
      this.stream.close();
      const t = setTimeout(() => this.stream.destroy(), 2000);
      await this.ended;
      clearTimeout(t);
      this.release();
    }
    return this.ended;
  }
}
