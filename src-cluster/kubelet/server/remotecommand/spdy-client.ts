/**
 * The client side of remotecommand over SPDY (what client-go's SPDY executor does), used to run a
 * command through a streaming URL a CRI runtime handed out (containerd's Exec/Attach answer):
 * upgrade offering v4…v1, open the streams one by one — error first, then stdin, stdout, stderr
 * (not with a tty) and resize (tty, v3+) — copy the ExecIO streams over them, and read the outcome
 * from the error stream once the server closes it.
 */
import type { Writable } from 'node:stream';
import type { SpdyConnection, SpdyStream } from '../spdy/connection';
import { dialSpdy } from '../spdy/dial';
import type { ExecIO, TerminalSize } from '../streamer';
import {
  parseErrorStream,
  protocolVersion,
  SPDY_PROTOCOLS,
  type ExecOutcome,
  type StreamType,
} from './protocol';

/** The server could not run the command (its message, e.g. executable not found). */
export class RemoteCommandError extends Error {
  override readonly name = 'RemoteCommandError';
}

export interface RemoteCommandOptions {
  /** How long to wait for the upgrade (default 30 s). */
  dialTimeoutMs?: number;
}

/** Resolves when the peer has ended its side of the stream (FIN, RST or connection loss). */
function remoteEnd(s: SpdyStream): Promise<void> {
  return new Promise((resolve) => {
    if (s.remoteDone) return resolve();
    s.once('end', () => resolve());
    s.once('close', () => resolve());
  });
}

/**
 * Copies a stream's data into `to` (if any) and resolves once the peer ended it. While `to` is
 * full the connection stops reading, so a slow client slows the command's output down instead
 * of it piling up here.
 */
function drainInto(conn: SpdyConnection, s: SpdyStream, to: Writable | null): Promise<void> {
  const done = remoteEnd(s);
  s.on('data', (c: Buffer) => {
    if (!to || to.destroyed || to.writableEnded) return;
    if (to.write(c)) return;
    conn.pauseInput();
    let resumed = false;
    const resume = () => {
      if (resumed) return;
      resumed = true;
      to.off('drain', resume);
      to.off('close', resume);
      conn.resumeInput();
    };
    to.on('drain', resume);
    to.on('close', resume);
  });
  return done;
}

async function collect(s: SpdyStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  s.on('data', (c: Buffer) => parts.push(c));
  await remoteEnd(s);
  return Buffer.concat(parts);
}

/**
 * Runs the session behind `url` with `io`'s streams and returns how it ended (never throws for a
 * command failure; dialing and protocol failures reject). Output streams are written, not ended.
 */
export async function runRemoteCommand(
  url: string,
  io: ExecIO,
  opts: RemoteCommandOptions = {},
): Promise<ExecOutcome> {
  const { conn, protocol } = await dialSpdy(url, {
    protocols: SPDY_PROTOCOLS,
    timeoutMs: opts.dialTimeoutMs,
    signal: io.signal,
  });
  const version = protocol ? protocolVersion(protocol) : 1;
  const onAbort = () => conn.destroy();
  io.signal.addEventListener('abort', onAbort);
  if (io.signal.aborted) onAbort();
  try {
    const open = (type: StreamType) => conn.openStream({ streamtype: [type] });
    const errorStream = await open('error');
    const status = collect(errorStream);
    const stdin = io.stdin ? await open('stdin') : undefined;
    const stdout = io.stdout ? await open('stdout') : undefined;
    const stderr = io.stderr && !io.tty ? await open('stderr') : undefined;
    const resize = io.tty && version >= 3 ? await open('resize') : undefined;
    const outputs = [
      stdout ? drainInto(conn, stdout, io.stdout) : undefined,
      stderr ? drainInto(conn, stderr, io.stderr) : undefined,
    ];
    // Nothing comes back on these; they only need reading so they never buffer.
    stdin?.resume();
    if (resize) {
      resize.resume();
      const send = (s: TerminalSize) => {
        if (!resize.writableEnded && !resize.reset)
          resize.write(JSON.stringify({ Width: s.width, Height: s.height }));
      };
      io.resize.on('resize', send);
      void remoteEnd(errorStream).then(() => io.resize.off('resize', send));
    }
    // stdin's end (the client closed its input) is the FIN the server turns into EOF.
    // (pipe() ends it at once if the input had already ended.)
    if (stdin && io.stdin) io.stdin.pipe(stdin);
    const payload = await status;
    await Promise.all(outputs);
    if (stdin && io.stdin) io.stdin.unpipe(stdin);
    if (io.signal.aborted) return { error: 'the client went away' };
    return parseErrorStream(payload, version);
  } finally {
    io.signal.removeEventListener('abort', onAbort);
    await hangUp(conn);
  }
}

/** Closes the connection as client-go does once done: GOAWAY, then the socket. */
async function hangUp(conn: SpdyConnection): Promise<void> {
  if (conn.isClosed) return;
  await conn.close().catch(() => conn.destroy());
}

/**
 * Runs a command through a CRI streaming URL (Exec or Attach) and resolves with its exit code;
 * rejects with RemoteCommandError when it could not run (executable not found, …). What kubelab's
 * ContainerdRuntime and `crictl exec` use.
 */
export async function execViaStreamingUrl(
  url: string,
  io: ExecIO,
  opts: RemoteCommandOptions = {},
): Promise<number> {
  const outcome = await runRemoteCommand(url, io, opts);
  if ('error' in outcome) throw new RemoteCommandError(outcome.error);
  return outcome.exitCode;
}
