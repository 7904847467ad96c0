/**
 * One SSH connection per node, shared by every terminal on it (each terminal is a channel), as
 * DESIGN.md asks: opening a tab does not pay a handshake, and a node's sshd sees one client. The
 * connection ends when its last channel is released, and a dropped one is forgotten so the next
 * terminal reconnects. Host keys are checked on every handshake (trust on first use).
 */
import { Client, type ClientChannel } from 'ssh2';
import type { KnownHosts } from './known-hosts';
import type { TermSize } from './session';

/** Where a node's sshd listens and how kubelab logs in (VM mode's per-node port forward). */
export interface SshTarget {
  host: string;
  port: number;
  username: string;
  /** An OpenSSH or PEM private key. */
  privateKey: string | Buffer;
}

interface Entry {
  client: Promise<Client>;
  users: number;
}

export class SshConnections {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly knownHosts: KnownHosts,
    private readonly readyTimeoutMs = 15_000,
  ) {}

  /** How many connections are open (tests, diagnostics). */
  get size(): number {
    return this.entries.size;
  }

  /** An interactive shell channel on a PTY; release() when the terminal is done with it. */
  async shell(
    target: SshTarget,
    size: TermSize,
  ): Promise<{ stream: ClientChannel; release(): void }> {
    const key = `${target.username}@${target.host}:${target.port}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { client: this.connect(target, key), users: 0 };
      this.entries.set(key, entry);
    }
    entry.users++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      if (--entry.users > 0) return;
      if (this.entries.get(key) === entry) this.entries.delete(key);
      void entry.client.then((c) => c.end()).catch(() => undefined);
    };
    try {
      const client = await entry.client;
      const stream = await new Promise<ClientChannel>((resolve, reject) =>
        client.shell({ term: 'xterm-256color', cols: size.cols, rows: size.rows }, (err, s) =>
          err
            ? reject(new Error(`ssh ${target.host}:${target.port}: no shell: ${err.message}`))
            : resolve(s),
        ),
      );
      return { stream, release };
    } catch (err) {
      release();
      throw err;
    }
  }

  private connect(target: SshTarget, key: string): Promise<Client> {
    return new Promise((resolve, reject) => {
      const client = new Client();
      let keyProblem: string | undefined;
      client.on('error', (err) => {
        this.forget(key, client);
        reject(new Error(keyProblem ?? `ssh ${target.host}:${target.port}: ${err.message}`));
      });
      client.on('close', () => this.forget(key, client));
      client.once('ready', () => resolve(client));
      client.connect({
        host: target.host,
        port: target.port,
        username: target.username,
        privateKey: target.privateKey,
        readyTimeout: this.readyTimeoutMs,
        hostVerifier: (hostKey: Buffer) => {
          const { verdict, expected } = this.knownHosts.check(target.host, target.port, hostKey);
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

  /** A closed or failed connection is dropped, so the next terminal on that node reconnects. */
  private forget(key: string, client: Client): void {
    const e = this.entries.get(key);
    if (!e) return;
    void e.client.then(
      (c) => c === client && this.entries.get(key) === e && this.entries.delete(key),
      () => this.entries.get(key) === e && this.entries.delete(key),
    );
  }
}
