/**
 * ssh2 terminals against a real SSH server started here (ssh2's Server, a fresh ed25519 host key)
 * whose sessions run a real shell on a PTY through kubelab's own HostShellSession: bytes flow both
 * ways, the client's resize arrives as window-change, closing the tab ends the remote shell, and a
 * changed host key is refused (trust on first use per cluster).
 */
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, utils, type Connection } from 'ssh2';
import { afterEach, describe, expect, it } from 'vitest';
import { HostShellSession } from '../../../src-main/shell/host-shell';
import { KnownHosts } from '../../../src-main/shell/known-hosts';
import { alive } from '../../../src-main/shell/proc-tree';
import { detectPtyBackend } from '../../../src-main/shell/pty-backend';
import { SshConnections } from '../../../src-main/shell/ssh-connections';
import { SshSession } from '../../../src-main/shell/ssh-session';
import { TerminalManager } from '../../../src-main/shell/terminal-manager';
import { cleanShellHome } from '../../support/shell-home';

const USER = 'kubelab';
const clientKey = utils.generateKeyPairSync('ed25519');
const allowed = utils.parseKey(clientKey.public);

interface TestServer {
  port: number;
  shells: HostShellSession[];
  windowChanges: { cols: number; rows: number }[];
  /** Connections accepted so far, and open now. */
  accepted(): number;
  open(): number;
  close(): Promise<void>;
}

async function startServer(
  hostKey = utils.generateKeyPairSync('ed25519').private,
  port = 0,
): Promise<TestServer> {
  const backend = detectPtyBackend('linux');
  if (backend.kind === 'none') throw new Error(backend.reason);
  const shells: HostShellSession[] = [];
  const windowChanges: { cols: number; rows: number }[] = [];
  const conns = new Set<Connection>();
  let accepted = 0;
  const server = new Server({ hostKeys: [hostKey] }, (client) => {
    conns.add(client);
    accepted++;
    client.on('close', () => conns.delete(client));
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      const key = Array.isArray(allowed) ? allowed[0] : allowed;
      if (
        ctx.method === 'publickey' &&
        ctx.username === USER &&
        !(key instanceof Error) &&
        ctx.key.algo === key!.type &&
        ctx.key.data.equals(key!.getPublicSSH())
      ) {
        if (!ctx.signature || key!.verify(ctx.blob!, ctx.signature, ctx.hashAlgo) === true)
          return ctx.accept();
      }
      ctx.reject(['publickey']);
    });
    client.on('session', (accept) => {
      const session = accept();
      let size = { cols: 80, rows: 24 };
      let shell: HostShellSession | undefined;
      session.on('pty', (ok, _r, info) => {
        size = { cols: info.cols, rows: info.rows };
        ok?.();
      });
      session.on('window-change', (ok, _r, info) => {
        windowChanges.push({ cols: info.cols, rows: info.rows });
        shell?.resize(info.cols, info.rows);
        ok?.();
      });
      session.on('shell', (ok) => {
        const stream = ok();
        shell = new HostShellSession({
          backend,
          env: { PATH: process.env['PATH'], HOME: cleanShellHome(), SHELL: '/bin/bash' },
          size,
          onOutput: (d) => stream.write(d),
          onExit: () => {
            stream.exit(0);
            stream.end();
          },
        });
        shells.push(shell);
        stream.on('data', (b: Buffer) => shell!.write(b.toString()));
        // The client closed the channel (tab closed): hang up the shell, like sshd does.
        stream.on('close', () => void shell!.close());
      });
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    shells,
    windowChanges,
    accepted: () => accepted,
    open: () => conns.size,
    async close() {
      await Promise.all(shells.map((s) => s.close()));
      for (const c of conns) c.end();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function connect(port: number, knownHosts: KnownHosts) {
  let out = '';
  const exits: string[] = [];
  const s = await SshSession.connect({
    target: { host: '127.0.0.1', port, username: USER, privateKey: clientKey.private },
    knownHosts,
    size: { cols: 100, rows: 33 },
    onOutput: (d) => (out += d),
    onExit: (r) => exits.push(r),
  });
  cleanup.push(() => s.close());
  return { s, out: () => out, exits };
}

const known = () => KnownHosts.forCluster(mkdtempSync(join(tmpdir(), 'kubelab-kh-')), 'lab');

describe('ssh terminals (VM mode) against a real SSH server', () => {
  it('opens a shell on a PTY of the view’s size; bytes flow both ways; resize arrives', async () => {
    const srv = await startServer();
    cleanup.push(() => srv.close());
    const { s, out } = await connect(srv.port, known());
    s.write('echo "sum=$((19+23))"; stty size\r');
    await expect.poll(out, { timeout: 10_000 }).toContain('sum=42');
    await expect.poll(out).toContain('33 100\r\n');
    s.resize(120, 40);
    await expect.poll(() => srv.windowChanges).toEqual([{ cols: 120, rows: 40 }]);
    s.write('stty size\r');
    await expect.poll(out).toContain('40 120\r\n');
  });

  it('closing the tab ends the remote shell and what it runs', async () => {
    const srv = await startServer();
    cleanup.push(() => srv.close());
    const { s, out, exits } = await connect(srv.port, known());
    s.write('echo "sh=$$"; sleep 303\r');
    await expect.poll(out, { timeout: 10_000 }).toMatch(/sh=\d+/);
    const sh = Number(/sh=(\d+)/.exec(out())![1]);
    expect(alive(sh)).toBe(true);
    await s.close();
    await expect.poll(() => alive(sh), { timeout: 10_000 }).toBe(false);
    expect(exits).toEqual([]);
  });

  it('reports a remote exit', async () => {
    const srv = await startServer();
    cleanup.push(() => srv.close());
    const { s, exits } = await connect(srv.port, known());
    s.write('exit\r');
    await expect.poll(() => exits, { timeout: 10_000 }).toHaveLength(1);
    expect(exits[0]).toBe('remote shell exited (0)');
  });

  it('shares one connection per node between its terminals, and ends it with the last', async () => {
    const srv = await startServer();
    cleanup.push(() => srv.close());
    const connections = new SshConnections(known());
    const open = async () => {
      let out = '';
      const s = await SshSession.connect({
        target: {
          host: '127.0.0.1',
          port: srv.port,
          username: USER,
          privateKey: clientKey.private,
        },
        connections,
        onOutput: (d) => (out += d),
        onExit: () => undefined,
      });
      cleanup.push(() => s.close());
      return { s, out: () => out };
    };
    const [a, b] = await Promise.all([open(), open()]);
    a.s.write('echo "one-$((1+1))"\r');
    b.s.write('echo "two-$((2+2))"\r');
    await expect.poll(a.out, { timeout: 10_000 }).toContain('one-2');
    await expect.poll(b.out, { timeout: 10_000 }).toContain('two-4');
    expect(a.out()).not.toContain('two-4');
    expect(srv.accepted()).toBe(1);
    expect(srv.shells).toHaveLength(2);
    await a.s.close();
    expect(connections.size).toBe(1);
    b.s.write('echo "still-$((3+3))"\r');
    await expect.poll(b.out, { timeout: 10_000 }).toContain('still-6');
    await b.s.close();
    await expect.poll(() => srv.open(), { timeout: 10_000 }).toBe(0);
    expect(connections.size).toBe(0);
  });

  it('the terminal manager opens node shells by node name (VM mode)', async () => {
    const srv = await startServer();
    cleanup.push(() => srv.close());
    let out = '';
    const m = new TerminalManager({
      kubeconfig: () => undefined,
      onOutput: (o) => (out += o.data),
      sshTarget: (node) =>
        node === 'worker-1'
          ? { host: '127.0.0.1', port: srv.port, username: USER, privateKey: clientKey.private }
          : undefined,
      knownHosts: known,
    });
    cleanup.push(() => m.closeAll());
    const t = await m.open({ kind: 'ssh', node: 'worker-1', cols: 90, rows: 20 });
    expect(t).toMatchObject({ kind: 'ssh', node: 'worker-1', title: 'worker-1' });
    m.write(t.id, 'stty size\r');
    await expect.poll(() => out, { timeout: 10_000 }).toContain('20 90\r\n');
    m.resize(t.id, 70, 15);
    await expect.poll(() => srv.windowChanges).toEqual([{ cols: 70, rows: 15 }]);
    await expect(m.open({ kind: 'ssh', node: 'worker-9' })).rejects.toThrow(/no SSH endpoint/);
    await m.close(t.id);
    await expect.poll(() => srv.open(), { timeout: 10_000 }).toBe(0);
  });

  it('trusts a node’s key on first use and refuses a changed key', async () => {
    const kh = known();
    const first = await startServer();
    await (await connect(first.port, kh)).s.close();
    // The same node again, same key: accepted.
    await (await connect(first.port, kh)).s.close();
    const port = first.port;
    await first.close();
    // Another key on the same endpoint: a rebuilt node or a man in the middle. Refused.
    const second = await startServer(utils.generateKeyPairSync('ed25519').private, port);
    cleanup.push(() => second.close());
    await expect(connect(port, kh)).rejects.toThrow(/host key of 127\.0\.0\.1:\d+ changed/);
    expect(second.shells).toHaveLength(0);
    // Another cluster has its own known hosts: first use again.
    await (await connect(port, known())).s.close();
  });
});
