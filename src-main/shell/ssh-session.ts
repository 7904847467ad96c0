/**
 * A shell on a VM node over SSH (ssh2): a PTY sized like the view, resized with window-change
 * requests, and host keys checked against the cluster's known hosts (trust on first use).
 */
import { Client, type ClientChannel } from 'ssh2';
import type { KnownHosts } from './known-hosts';
import { DEFAULT_SIZE, type SessionEvents, type TermSize, type TerminalSession } from './session';

/** Where a node's sshd listens and how kubelab logs in (VM mode's per-node port forward). */
export interface SshTarget {
  host: string;
  port: number;
  username: string;
  /** An OpenSSH or PEM private key. */
  privateKey: string | Buffer;
}

export interface SshSessionOptions extends SessionEvents {
  target: SshTarget;
  knownHosts: KnownHosts;
  size?: TermSize;
  /** Connection timeout; a stopped VM should fail fast, not hang the tab. */
  readyTimeoutMs?: number;
}

export class SshSession implements TerminalSession {
  private closing = false;
  private readonly ended: Promise<void>;

  private constructor(
    private readonly conn: Client,
    private readonly stream: ClientChannel,
    opts: SshSessionOptions,
  ) {
    stream.on('data', (b: Buffer) => opts.onOutput(b.toString('utf8')));
    stream.stderr.on('data', (b: Buffer) => opts.onOutput(b.toString('utf8')));
    this.ended = new Promise((resolve) => {
      let code: number | undefined;
      stream.on('exit', (c: number | null) => (code = c ?? undefined));
      conn.on('close', () => {
        if (!this.closing)
          opts.onExit(`connection closed${code !== undefined ? ` (exit ${code})` : ''}`);
        resolve();
      });
      stream.on('close', () => conn.end());
    });
  }

  /** Connects, checks the host key, and opens an interactive shell on a PTY. */
  static connect(opts: SshSessionOptions): Promise<SshSession> {
    const { target, knownHosts } = opts;
    const size = opts.size ?? DEFAULT_SIZE;
    return new Promise((resolve, reject) => {
      const conn = new Client();
      let keyProblem: string | undefined;
      conn.once('error', (err) =>
        reject(new Error(keyProblem ?? `ssh ${target.host}:${target.port}: ${err.message}`)),
      );
      conn.once('ready', () => {
        conn.shell({ term: 'xterm-256color', cols: size.cols, rows: size.rows }, (err, stream) => {
          if (err) {
            conn.end();
            reject(new Error(`ssh ${target.host}:${target.port}: no shell: ${err.message}`));
            return;
          }
          resolve(new SshSession(conn, stream, opts));
        });
      });
      conn.connect({
        host: target.host,
        port: target.port,
        username: target.username,
        privateKey: target.privateKey,
        readyTimeout: opts.readyTimeoutMs ?? 15_000,
        hostVerifier: (key: Buffer) => {
          const { verdict, expected } = knownHosts.check(target.host, target.port, key);
          if (verdict === 'mismatch') {
            keyProblem =
              `the host key of ${target.host}:${target.port} changed (known ${expected}); ` +
              'refusing to connect — if the node was rebuilt, recreate the cluster to forget its keys';
          }
          return verdict !== 'mismatch';
        },
      });
    });
  }

  write(data: string): void {
    if (!this.closing) this.stream.write(data);
  }

  resize(cols: number, rows: number): void {
    if (!this.closing) this.stream.setWindow(rows, cols, 0, 0);
  }

  /** Ends the channel (the server hangs up the shell) and then the connection. */
  async close(): Promise<void> {
    if (!this.closing) {
      this.closing = true;
      this.stream.close();
      const t = setTimeout(() => this.conn.destroy(), 2000);
      await this.ended;
      clearTimeout(t);
    }
    return this.ended;
  }
}
