/**
 * The host's terminal sessions as the dock uses them: several at once, each with its own output
 * ring replayed on re-attach, closing a tab ending its processes, and honest fallbacks.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TerminalOutput } from '../../../src-shared/ipc';
import { alive } from '../../../src-main/shell/proc-tree';
import { OutputRing } from '../../../src-main/shell/ring-buffer';
import { TerminalManager } from '../../../src-main/shell/terminal-manager';
import { cleanShellHome } from '../../support/shell-home';

let mgr: TerminalManager | undefined;
afterEach(async () => {
  await mgr?.closeAll();
  mgr = undefined;
});

function manager(extra: Partial<ConstructorParameters<typeof TerminalManager>[0]> = {}) {
  const out: TerminalOutput[] = [];
  mgr = new TerminalManager({
    kubeconfig: () => '/tmp/kubelab-kc',
    onOutput: (o) => out.push(o),
    env: { PATH: process.env['PATH'], HOME: cleanShellHome(), SHELL: '/bin/bash' },
    ...extra,
  });
  const text = (id: string) =>
    out
      .filter((o) => o.id === id)
      .map((o) => o.data)
      .join('');
  return { m: mgr, text };
}

describe('OutputRing', () => {
  it('keeps the last N characters across chunks', () => {
    const r = new OutputRing(10);
    r.append('abc');
    r.append('defghij');
    r.append('klm');
    expect(r.text).toBe('defghijklm');
    r.append('0123456789AB');
    expect(r.text).toBe('23456789AB');
    expect(r.length).toBe(10);
    expect(r.total).toBe(25);
  });
});

describe('TerminalManager', () => {
  it('runs several host shells at once, each with its own output', async () => {
    const { m, text } = manager();
    const a = await m.open({ kind: 'shell', cols: 100, rows: 30 });
    const b = await m.open({ kind: 'shell' });
    expect([a.kind, b.kind]).toEqual(['shell', 'shell']);
    m.write(a.id, 'echo "A-$((1+1))"\r');
    m.write(b.id, 'echo "B-$((2+2)) $KUBECONFIG"\r');
    await expect.poll(() => text(a.id), { timeout: 10_000 }).toContain('A-2\r\n');
    await expect.poll(() => text(b.id), { timeout: 10_000 }).toContain('B-4 /tmp/kubelab-kc\r\n');
    expect(text(a.id)).not.toContain('B-4');
    expect(m.list().map((t) => t.id)).toEqual([a.id, b.id]);
  });

  it('re-attaching gives the backlog a view missed, capped to the ring size', async () => {
    const { m, text } = manager({ backlogChars: 4096 });
    const t = await m.open({ kind: 'shell' });
    m.write(t.id, 'for i in $(seq 1 2000); do echo "line-$i"; done; echo done-$((7*6))\r');
    await expect.poll(() => text(t.id), { timeout: 20_000 }).toContain('done-42');
    const again = m.attach(t.id);
    expect(again.backlog.length).toBeLessThanOrEqual(4096);
    expect(again.backlog).toContain('line-2000\r\n');
    expect(again.backlog).not.toContain('line-1\r\n');
    expect(text(t.id).endsWith(again.backlog)).toBe(true);
    // The position of the backlog's end lets a view drop live chunks it already has.
    expect(again.end).toBe(text(t.id).length);
  });

  it('closing a tab ends its processes; other tabs keep running', async () => {
    const { m, text } = manager();
    const a = await m.open({ kind: 'shell' });
    const b = await m.open({ kind: 'console' });
    m.write(a.id, 'echo "sh=$$"; sleep 304\r');
    m.write(b.id, 'echo "pid=$$"; sleep 305\r');
    await expect.poll(() => text(a.id), { timeout: 10_000 }).toMatch(/sh=\d+/);
    await expect.poll(() => text(b.id), { timeout: 10_000 }).toMatch(/pid=\d+/);
    const sh = Number(/sh=(\d+)/.exec(text(a.id))![1]);
    const con = Number(/pid=(\d+)/.exec(text(b.id))![1]);
    await m.close(a.id);
    expect(alive(sh)).toBe(false);
    expect(alive(con)).toBe(true);
    expect(m.list().map((t) => t.id)).toEqual([b.id]);
    expect(() => m.attach(a.id)).toThrow(/no terminal/);
    await m.close(b.id);
    expect(alive(con)).toBe(false);
  });

  it('falls back to the built-in console, saying why, where no PTY can be opened', async () => {
    const { m, text } = manager({
      ptyBackend: () => ({ kind: 'none', reason: 'no PTY on darwin in this test' }),
    });
    const t = await m.open({ kind: 'shell' });
    expect(t.kind).toBe('console');
    expect(t.note).toContain('no PTY on darwin in this test');
    expect(t.backlog).toContain('built-in console');
    m.write(t.id, 'echo "kc=$KUBECONFIG"\r');
    await expect.poll(() => text(t.id), { timeout: 10_000 }).toContain('kc=/tmp/kubelab-kc');
  });

  it('rejects bad requests clearly', async () => {
    const { m } = manager();
    await expect(m.open({ kind: 'ssh', node: 'worker-1' })).rejects.toThrow(/VM-mode cluster/);
    await expect(m.open({ kind: 'bogus' as never })).rejects.toThrow(/unknown terminal kind/);
    await expect(m.open({ cols: 0, rows: 10 })).rejects.toThrow(/terminal size/);
    const t = await m.open();
    expect(() => m.resize(t.id, 80.5, 24)).toThrow(/terminal size/);
    expect(() => m.write('t999', 'x')).toThrow(/no terminal t999/);
  });

  it('marks a shell that exited by itself', async () => {
    const { m, text } = manager();
    const t = await m.open({ kind: 'shell' });
    m.write(t.id, 'exit 0\r');
    await expect.poll(() => m.list()[0]?.exited, { timeout: 10_000 }).toBe(true);
    expect(text(t.id)).toContain('shell exited (0)');
  });
});
