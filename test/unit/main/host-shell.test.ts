/**
 * Host shells on a real PTY (util-linux script and python3's pty), driven like the dock drives
 * them: bytes both ways, the cluster's KUBECONFIG, resize reaching the shell, and closing the
 * session ending every process it started.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HostShellSession, findKubectl, shellEnv } from '../../../src-main/shell/host-shell';
import { alive } from '../../../src-main/shell/proc-tree';
import { detectPtyBackend } from '../../../src-main/shell/pty-backend';
import { cleanShellHome } from '../../support/shell-home';

const open: HostShellSession[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

function start(prefer: 'script' | 'python') {
  const backend = detectPtyBackend('linux', prefer);
  if (backend.kind !== prefer)
    throw new Error(`${prefer} is not usable here: ${JSON.stringify(backend)}`);
  let out = '';
  const exits: string[] = [];
  const s = new HostShellSession({
    backend,
    env: { PATH: process.env['PATH'], HOME: cleanShellHome(), SHELL: '/bin/bash' },
    kubeconfig: '/tmp/kubelab-test-kubeconfig',
    size: { cols: 90, rows: 30 },
    onOutput: (d) => (out += d),
    onExit: (r) => exits.push(r),
  });
  open.push(s);
  return { s, out: () => out, exits };
}

describe.each(['script', 'python'] as const)('host shell over %s', (prefer) => {
  it('runs an interactive shell with the cluster KUBECONFIG and the view’s size', async () => {
    const { s, out } = start(prefer);
    s.write('echo "kc=$KUBECONFIG tty=$(tty)"; stty size\r');
    await expect
      .poll(out, { timeout: 10_000 })
      .toMatch(/kc=\/tmp\/kubelab-test-kubeconfig tty=\/dev\/pts\/\d+/);
    await expect.poll(out).toContain('30 90\r\n');
    // The PTY echoes what was typed, as a terminal does.
    expect(out()).toContain('echo "kc=$KUBECONFIG');
  });

  it('delivers a resize to the shell without typing anything into it', async () => {
    const { s, out } = start(prefer);
    s.write('trap "echo WINCH" WINCH; echo ready\r');
    await expect.poll(out, { timeout: 10_000 }).toContain('ready\r\n');
    s.resize(132, 43);
    await expect.poll(out).toContain('WINCH');
    s.write('stty size\r');
    await expect.poll(out).toContain('43 132\r\n');
    expect(out()).not.toContain('rows 43');
  });

  it('keeps a resize sent the moment the shell opens', async () => {
    const { s, out } = start(prefer);
    s.resize(101, 37);
    s.write('stty size\r');
    await expect.poll(out, { timeout: 10_000 }).toContain('37 101\r\n');
  });

  it('Ctrl-C interrupts the foreground job, as in a terminal', async () => {
    const { s, out } = start(prefer);
    s.write('echo started; sleep 300; echo after-$((1+1))-sleep\r');
    await expect.poll(out, { timeout: 10_000 }).toContain('started\r\n');
    s.write('\x03');
    // As in a terminal, keys typed before the shell's next prompt may be flushed with the ^C:
    // retype until the shell answers.
    const retype = () => {
      if (!out().includes('alive-42')) s.write('echo alive-$((40+2))\r');
      return out();
    };
    await expect.poll(retype, { timeout: 10_000, interval: 1000 }).toContain('alive-42');
    expect(out()).not.toContain('after-2-sleep');
  });

  it('closing the session ends the shell and everything it started', async () => {
    const { s, out, exits } = start(prefer);
    // A foreground job and a background one that ignores SIGHUP: neither may outlive the tab.
    s.write('(trap "" HUP; exec sleep 301) & echo "bg=$!"; echo "sh=$$"; sleep 302\r');
    await expect.poll(out, { timeout: 10_000 }).toMatch(/sh=\d+/);
    const bg = Number(/bg=(\d+)/.exec(out())![1]);
    const sh = Number(/sh=(\d+)/.exec(out())![1]);
    expect(alive(bg) && alive(sh)).toBe(true);
    await s.close();
    expect(alive(sh)).toBe(false);
    expect(alive(bg)).toBe(false);
    expect(exits).toEqual([]); // A close is not an unexpected exit.
  });

  it('reports the shell exiting by itself', async () => {
    const { s, exits } = start(prefer);
    s.write('exit 3\r');
    await expect.poll(() => exits, { timeout: 10_000 }).toEqual(['shell exited (3)']);
  });
});

describe('host shell environment', () => {
  it('puts kubectl on PATH even when the app was started with a minimal PATH', () => {
    const kubectl = findKubectl([]);
    expect(kubectl).toBeDefined(); // /usr/bin/kubectl on this machine
    const env = shellEnv({ PATH: '/nonexistent' }, '/tmp/kc');
    expect(env['PATH']!.split(':')).toEqual(['/nonexistent', kubectl!.replace(/\/kubectl$/, '')]);
    expect(env).toMatchObject({ KUBECONFIG: '/tmp/kc', TERM: 'xterm-256color' });
    expect(shellEnv({ PATH: '/usr/bin' }).KUBECONFIG).toBeUndefined();
  });
});

describe('PTY backend detection', () => {
  it('explains why macOS and Windows get the built-in console', () => {
    for (const p of ['darwin', 'win32'] as const) {
      const b = detectPtyBackend(p);
      expect(b.kind).toBe('none');
      expect(b.kind === 'none' && b.reason).toContain(p);
    }
  });
});
