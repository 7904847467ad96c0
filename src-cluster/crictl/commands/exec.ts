/**
 * `crictl exec [-i] [-t] [-s [--timeout N]] CONTAINER COMMAND [ARG...]`: runs a command in a
 * running container. Without -s it goes through containerd's streaming server (CRI Exec → a URL →
 * remotecommand over SPDY, ContainerdRuntime.exec), so -i feeds stdin and -t gives a terminal
 * (raw mode, size changes forwarded); -s runs it with ExecSync and prints what it wrote. The exit
 * code of the command is crictl's exit code.
 */
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import type { Subcommand } from '../command';
import type { CrictlIO } from '../context';
import { resolveContainerId } from '../resolve';
import { replayLatestSize } from '../../kubelet/server/remotecommand/resize';
import type { ResizeEvents } from '../../kubelet/server/streamer';

function sink(write: (b: Uint8Array) => void): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      write(chunk);
      cb();
    },
  });
}

/**
 * The local terminal's size now and on every change (only with -t on a real terminal). The session
 * subscribes only after the Exec call and the dial, so the first size is replayed to it.
 */
function terminalResizes(): { events: ResizeEvents; stop(): void } {
  const src: ResizeEvents = new EventEmitter();
  const out = process.stdout;
  const onResize = () => src.emit('resize', { width: out.columns ?? 80, height: out.rows ?? 24 });
  out.on('resize', onResize);
  const events = replayLatestSize(src);
  onResize();
  return { events, stop: () => out.off('resize', onResize) };
}

async function execStreaming(
  runtime: import('../../kubelet/cri/containerd/containerd-runtime').ContainerdRuntime,
  io: CrictlIO,
  id: string,
  cmd: string[],
  interactive: boolean,
  tty: boolean,
): Promise<number> {
  const rawTty = tty && interactive && io.stdin.isTTY === true && !!io.stdin.setRawMode;
  const resize = tty && io.stdoutIsTTY ? terminalResizes() : undefined;
  const ac = new AbortController();
  if (rawTty) io.stdin.setRawMode!(true);
  try {
    return await runtime.exec(id, cmd, {
      tty,
      stdin: interactive ? (io.stdin as unknown as import('node:stream').Readable) : null,
      stdout: sink((b) => io.outBytes(b)),
      stderr: tty ? null : sink((b) => io.errBytes(b)),
      resize: resize?.events ?? new EventEmitter(),
      signal: ac.signal,
    });
  } finally {
    resize?.stop();
    if (rawTty) io.stdin.setRawMode!(false);
    // Stop reading our stdin, or the process would wait on it after the command ended.
    if (interactive) io.stdin.pause();
  }
}

export const exec: Subcommand = {
  name: 'exec',
  summary: 'Run a command in a running container',
  argsUsage: 'CONTAINER-ID COMMAND [ARG...]',
  stopAtPositional: true,
  opts: [
    { name: 'sync', short: 's', kind: 'bool', help: 'run the command synchronously (ExecSync)' },
    {
      name: 'timeout',
      kind: 'int',
      help: 'timeout in seconds (only with --sync; 0: none)',
      default: '0',
    },
    { name: 'tty', short: 't', kind: 'bool', help: 'allocate a pseudo-TTY' },
    { name: 'interactive', short: 'i', kind: 'bool', help: 'keep stdin open' },
  ],
  async run({ client, io }, a) {
    const [prefix, ...cmd] = a.positional;
    if (!prefix || !cmd.length) throw new Error('exec needs a CONTAINER-ID and a COMMAND');
    const id = await resolveContainerId(client.runtime, prefix);
    if (a.bool('sync')) {
      if (a.bool('interactive') || a.bool('tty'))
        throw new Error('--sync cannot be combined with -i or -t (ExecSync has no stdin or tty)');
      const r = await client.runtime.execSync({ containerId: id, cmd, timeout: a.int('timeout') });
      io.outBytes(r.stdout);
      io.errBytes(r.stderr);
      return r.exitCode;
    }
    return execStreaming(client.runtime, io, id, cmd, a.bool('interactive'), a.bool('tty'));
  },
};
