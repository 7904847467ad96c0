// The remotecommand SPDY client (what the kubelet uses towards containerd's streaming server),
// exercised against kubelab's own SPDY server with the fake streamer; interop with containerd's Go
// server is in test/integration/containerd/logs-exec.test.ts.
import { EventEmitter } from 'node:events';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createKubeletServer, type KubeletServer } from '../../../../src-cluster/kubelet/server';
import {
  errorStreamPayload,
  parseErrorStream,
} from '../../../../src-cluster/kubelet/server/remotecommand/protocol';
import { replayLatestSize } from '../../../../src-cluster/kubelet/server/remotecommand/resize';
import {
  execViaStreamingUrl,
  RemoteCommandError,
} from '../../../../src-cluster/kubelet/server/remotecommand/spdy-client';
import { SpdyConnection } from '../../../../src-cluster/kubelet/server/spdy/connection';
import { SpdyUpgradeError } from '../../../../src-cluster/kubelet/server/spdy/dial';
import type { ExecIO, TerminalSize } from '../../../../src-cluster/kubelet/server/streamer';
import { FakeStreamer } from '../../../../src-cluster/kubelet/server/testing/fake-streamer';

let server: KubeletServer;
let streamer: FakeStreamer;

beforeAll(async () => {
  streamer = new FakeStreamer();
  streamer.addContainer('default', 'p', 'c');
  server = await createKubeletServer({ streamer, transports: { websocket: false } });
});
afterAll(() => server?.close());

function execUrl(command: string[], flags: string): string {
  const q = command.map((c) => `command=${encodeURIComponent(c)}`).join('&');
  return `${server.url}/exec/default/p/c?${q}&${flags}`;
}

function collectingIO(opts: { stdin?: string; tty?: boolean; stderr?: boolean } = {}) {
  const out = { stdout: '', stderr: '' };
  const sink = (k: 'stdout' | 'stderr') => {
    const s = new PassThrough();
    s.on('data', (c: Buffer) => (out[k] += c.toString()));
    return s;
  };
  let stdin: PassThrough | null = null;
  if (opts.stdin !== undefined) {
    stdin = new PassThrough();
    stdin.end(opts.stdin);
  }
  const io: ExecIO = {
    tty: opts.tty ?? false,
    stdin,
    stdout: sink('stdout'),
    stderr: opts.tty || opts.stderr === false ? null : sink('stderr'),
    resize: new EventEmitter<{ resize: [TerminalSize] }>(),
    signal: new AbortController().signal,
  };
  return { io, out };
}

describe('remotecommand SPDY client', () => {
  it('runs a command and returns its output and exit code 0', async () => {
    const { io, out } = collectingIO();
    expect(
      await execViaStreamingUrl(execUrl(['echo', 'hi', 'there'], 'output=1&error=1'), io),
    ).toBe(0);
    expect(out).toEqual({ stdout: 'hi there\n', stderr: '' });
  });

  it('keeps stdout and stderr apart and carries a non-zero exit code', async () => {
    const { io, out } = collectingIO();
    const url = execUrl(['sh', '-c', 'echo out; echo-err err; exit 3'], 'output=1&error=1');
    expect(await execViaStreamingUrl(url, io)).toBe(3);
    expect(out).toEqual({ stdout: 'out\n', stderr: 'err\n' });
  });

  it('sends stdin and closes it so the command sees EOF', async () => {
    const { io, out } = collectingIO({ stdin: 'line one\nline two\n' });
    expect(await execViaStreamingUrl(execUrl(['cat'], 'input=1&output=1&error=1'), io)).toBe(0);
    expect(out.stdout).toBe('line one\nline two\n');
  });

  it('closes stdin at once when the client input had already ended', async () => {
    const { io, out } = collectingIO({ stdin: '' });
    io.stdin!.resume();
    await new Promise((r) => io.stdin!.once('end', r));
    expect(await execViaStreamingUrl(execUrl(['cat'], 'input=1&output=1&error=1'), io)).toBe(0);
    expect(out.stdout).toBe('');
  });

  it('delivers large output intact to a slow reader (reading pauses while it is full)', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = 97 + (i % 26);
    const { io } = collectingIO();
    const stdin = new PassThrough();
    stdin.end(big);
    const got: Buffer[] = [];
    const slow = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _enc, cb) {
        got.push(chunk);
        setImmediate(cb);
      },
    });
    const pauses = vi.spyOn(SpdyConnection.prototype, 'pauseInput');
    const url = execUrl(['cat'], 'input=1&output=1&error=1');
    expect(await execViaStreamingUrl(url, { ...io, stdin, stdout: slow })).toBe(0);
    expect(pauses).toHaveBeenCalled();
    pauses.mockRestore();
    // As the server does after exec: end the output and let it flush.
    await new Promise((r) => slow.end(r));
    expect(Buffer.concat(got).equals(big)).toBe(true);
  });

  it('hangs up when the client goes away mid-command', async () => {
    const { io, out } = collectingIO();
    const stdin = new PassThrough(); // never ends: cat would run forever
    const gone = new AbortController();
    const running = execViaStreamingUrl(execUrl(['cat'], 'input=1&output=1&error=1'), {
      ...io,
      stdin,
      signal: gone.signal,
    });
    stdin.write('before\n');
    await new Promise<void>((r) => io.stdout!.once('data', () => r()));
    gone.abort();
    await expect(running).rejects.toThrow(/client went away/);
    expect(out.stdout).toBe('before\n');
  });

  it('opens a terminal (one output stream, resize stream) when tty is set', async () => {
    const { io, out } = collectingIO({ tty: true });
    expect(await execViaStreamingUrl(execUrl(['tty'], 'output=1&tty=1'), io)).toBe(0);
    expect(out.stdout).toBe('/dev/pts/0\r\n');
  });

  it('reports a command that cannot start as RemoteCommandError with the server text', async () => {
    const { io } = collectingIO();
    const err = await execViaStreamingUrl(
      execUrl(['no-such-binary'], 'output=1&error=1'),
      io,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteCommandError);
    expect((err as Error).message).toMatch(/no-such-binary/);
    expect((err as Error).message).not.toMatch(/^Internal error occurred/);
  });

  it('reports a refused upgrade with the server message', async () => {
    const { io } = collectingIO();
    const err = await execViaStreamingUrl(
      `${server.url}/exec/default/p/c?output=1`, // no command: refused before the upgrade
      io,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpdyUpgradeError);
    expect((err as SpdyUpgradeError).status).toBe(400);
    expect((err as SpdyUpgradeError).message).toMatch(/command/);
  });
});

describe('error stream decoding', () => {
  const cmd = ['sh', '-c', 'exit 3'];
  it('reads back what the server writes, for every outcome and version', () => {
    for (const version of [4, 1])
      for (const outcome of [{ exitCode: 0 }, { exitCode: 3 }])
        expect(parseErrorStream(errorStreamPayload(outcome, version, cmd), version)).toEqual(
          outcome,
        );
    expect(
      parseErrorStream(errorStreamPayload({ error: 'exec: "x": not found' }, 4, cmd), 4),
    ).toEqual({ error: 'exec: "x": not found' });
  });

  it('turns a malformed status into an error, never an exit code', () => {
    expect(parseErrorStream(Buffer.from('{not json'), 4)).toHaveProperty('error');
  });
});

describe('replayLatestSize', () => {
  it('hands a late listener the latest size, then forwards later ones', async () => {
    const src = new EventEmitter<{ resize: [TerminalSize] }>();
    const replayed = replayLatestSize(src);
    src.emit('resize', { width: 80, height: 24 });
    src.emit('resize', { width: 100, height: 30 });
    const seen: TerminalSize[] = [];
    replayed.on('resize', (s) => seen.push(s));
    await Promise.resolve();
    src.emit('resize', { width: 120, height: 40 });
    expect(seen).toEqual([
      { width: 100, height: 30 },
      { width: 120, height: 40 },
    ]);
  });
});
