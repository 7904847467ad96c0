/**
 * Host keys of a cluster's nodes, trusted on first use (like ~/.ssh/known_hosts): the first key a
 * node presents is stored per cluster; a different key later is refused, since a rebuilt node
 * image and a man in the middle look the same from here. Deleting the cluster forgets its keys.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type HostKeyVerdict = 'trusted-new' | 'match' | 'mismatch';

/** OpenSSH's fingerprint format: SHA256:<base64 without padding> of the key blob. */
export function fingerprint(key: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(key).digest('base64').replace(/=+$/, '');
}

export class KnownHosts {
  constructor(private readonly file: string) {}

  /** The store of one cluster under the app-data folder. */
  static forCluster(dataDir: string, cluster: string): KnownHosts {
    if (!/^[A-Za-z0-9._-]+$/.test(cluster)) throw new Error(`bad cluster name "${cluster}"`);
    return new KnownHosts(join(dataDir, 'known-hosts', `${cluster}.json`));
  }

  /** Checks a presented key; the first one for an endpoint is remembered. */
  check(host: string, port: number, key: Buffer): { verdict: HostKeyVerdict; expected?: string } {
    const id = `[${host}]:${port}`;
    const all = this.read();
    const seen = fingerprint(key);
    const known = all[id];
    if (known === seen) return { verdict: 'match' };
    if (known) return { verdict: 'mismatch', expected: known };
    all[id] = seen;
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(`${this.file}.tmp`, JSON.stringify(all, null, 2) + '\n', { mode: 0o600 });
    renameSync(`${this.file}.tmp`, this.file);
    return { verdict: 'trusted-new' };
  }

  forget(): void {
    rmSync(this.file, { force: true });
  }

  private read(): Record<string, string> {
    try {
      const doc = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      return doc && typeof doc === 'object' ? (doc as Record<string, string>) : {};
    } catch {
      return {};
    }
  }
}
