/**
 * The `kubelab` CLI as a user runs it: real processes, a background cluster, the machine's
 * kubectl. Ends by checking that `down` left no process behind.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../../bin/kubelab.mjs');
const KUBECTL = '/usr/bin/kubectl';
const dir = mkdtempSync(join(tmpdir(), 'kubelab-cli-'));
let pid: number | undefined;

async function kubelab(...args: string[]) {
  try {
    const r = await run(process.execPath, [BIN, ...args, '--data-dir', dir], { timeout: 90_000 });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout, err: err.stderr };
  }
}

function alive(p: number): boolean {
  try {
    process.kill(p, 0);
    return true;
  } catch {
    return false;
  }
}

afterAll(async () => {
  if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('kubelab CLI', () => {
  it('up, kubectl, status, fault, revert, down — and nothing left running', async () => {
    const up = await kubelab('up', '--workers', '2');
    if (existsSync(join(dir, 'cluster.pid'))) {
      pid = Number(readFileSync(join(dir, 'cluster.pid'), 'utf8'));
    }
    expect(up.code, up.err).toBe(0);
    expect(up.out).toContain('waiting for nodes to be Ready');
    expect(up.out).toContain(`export KUBECONFIG=${join(dir, 'kubeconfig')}`);
    pid = Number(readFileSync(join(dir, 'cluster.pid'), 'utf8'));
    expect(alive(pid)).toBe(true);

    const again = await kubelab('up');
    expect(again.code).toBe(1);
    expect(again.err).toContain('already running');

    const driver = await run(process.execPath, [
      BIN,
      'up',
      '--driver',
      'qemu',
      '--data-dir',
      dir,
    ]).catch((e) => e);
    expect(driver.stderr).toContain('drivers: embedded');

    const nodes = await run(KUBECTL, [
      '--kubeconfig',
      join(dir, 'kubeconfig'),
      'get',
      'nodes',
      '--no-headers',
    ]);
    const rows = nodes.stdout
      .trim()
      .split('\n')
      .map((l) => l.split(/\s+/).slice(0, 2).join(' '));
    expect(rows.sort()).toEqual(['master-1 Ready', 'worker-1 Ready', 'worker-2 Ready']);

    const status = await kubelab('status');
    expect(status.code, status.err).toBe(0);
    expect(status.out).toMatch(/kube-controller-manager\s+master-1_\w+/);
    expect(status.out).toMatch(/worker-1\s+.*Ready=True/);

    expect((await kubelab('kubeconfig')).out.trim()).toBe(join(dir, 'kubeconfig'));

    const fault = await kubelab('fault', 'stop-kubelet', 'worker-1');
    expect(fault.code, fault.err).toBe(0);
    expect(fault.out).toContain('applied f1: stop-kubelet worker-1');
    const list = await kubelab('fault', 'list');
    expect(list.out).toMatch(/f1\s+stop-kubelet\s+worker-1\s+applied/);
    const bad = await kubelab('fault', 'stop-kubelet', 'worker-7');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('no node "worker-7"');

    const revert = await kubelab('revert', '--all');
    expect(revert.code, revert.err).toBe(0);
    expect(revert.out).toContain('f1 stop-kubelet worker-1: reverted');

    await kubelab('fault', 'kill-controller-manager');
    const down = await kubelab('down');
    expect(down.code, down.err).toBe(0);
    expect(down.out).toMatch(/reverted f2 kill-controller-manager master-1_\w+: reverted/);
    expect(alive(pid)).toBe(false);
    expect(existsSync(join(dir, 'cluster.pid'))).toBe(false);
    expect(existsSync(join(dir, 'kubeconfig'))).toBe(true);
    const ps = await run('ps', ['-eo', 'pid,args']);
    expect(ps.stdout).not.toContain(`--data-dir=${dir}`);
  }, 180_000);
});
