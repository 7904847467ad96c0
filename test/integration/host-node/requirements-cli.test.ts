/**
 * `kubelab up --host-node` on a machine that cannot be a node stops at once with what is missing,
 * before any process starts. Run as an unprivileged user (through setpriv when the test runs as
 * root), which is the commonest way to get it wrong.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../../bin/kubelab.mjs');

it('refuses --host-node without root, saying why, and starts nothing', () => {
  const home = mkdtempSync(join(tmpdir(), 'kl-noroot-'));
  chmodSync(home, 0o777);
  const dataDir = join(home, 'cluster');
  const argv = [
    process.execPath,
    BIN,
    'up',
    '--workers',
    '0',
    '--host-node',
    '--data-dir',
    dataDir,
  ];
  const asUser =
    process.getuid?.() === 0
      ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', 'env', `HOME=${home}`]
      : ['env', `HOME=${home}`];
  try {
    const r = spawnSync(asUser[0]!, [...asUser.slice(1), ...argv], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toContain('kubelab up --host-node: this machine cannot be a node');
    expect(r.stderr).toContain('it must run as root');
    expect(existsSync(join(dataDir, 'cluster.pid'))).toBe(false);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}, 90_000);
