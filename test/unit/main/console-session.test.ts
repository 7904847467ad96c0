import { describe, expect, it } from 'vitest';
import { ConsoleSession } from '../../../src-main/shell/console-session';

function session(kubeconfig = '/tmp/kc') {
  let out = '';
  const s = new ConsoleSession({
    env: { PATH: process.env['PATH'] },
    kubeconfig: () => kubeconfig,
    onOutput: (d) => (out += d),
    shell: '/bin/sh',
  });
  return { s, out: () => out };
}

describe('ConsoleSession (the no-VM built-in console)', () => {
  it('echoes typing and runs the line with the cluster KUBECONFIG', async () => {
    const { s, out } = session('/tmp/my-kubeconfig');
    s.write('echo "kc=$KUBECONFIG"\r');
    await expect.poll(() => out()).toContain('kc=/tmp/my-kubeconfig\r\n');
    expect(out()).toContain('echo "kc=$KUBECONFIG"');
    await expect.poll(() => s.busy).toBe(false);
  });

  it('edits with backspace and recalls history with the up arrow', async () => {
    const { s, out } = session();
    s.write('echo onx\x7fe\r');
    await expect.poll(() => out()).toContain('one\r\n');
    await expect.poll(() => s.busy).toBe(false);
    s.write('\x1b[A\r');
    await expect.poll(() => out().split('one\r\n').length).toBe(3);
  });

  it('interrupts a running command with Ctrl-C and keeps the backlog', async () => {
    const { s, out } = session();
    s.write('echo started; sleep 30\r');
    await expect.poll(() => out()).toContain('started\r\n');
    s.write('\x03');
    await expect.poll(() => s.busy).toBe(false);
    expect(out()).toContain('SIGINT');
    expect(s.backlog).toBe(out());
  });

  it('reports a failing command and a missing one without dying', async () => {
    const { s, out } = session();
    s.write('exit 3\r');
    await expect.poll(() => out()).toContain('(exit 3)');
    await expect.poll(() => s.busy).toBe(false);
    s.write('help\r');
    expect(out()).toContain('kubectl get nodes');
  });
});
