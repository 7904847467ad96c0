/**
 * Runs one exec/attach once the transport (SPDY or WebSocket) has its streams: calls the streamer,
 * then ends the output streams. Reporting the outcome on the error channel is the transport's job,
 * because its framing differs.
 */
import { finished } from 'node:stream/promises';
import type { Readable, Writable } from 'node:stream';
import { StreamerError, type ContainerStreamer, type ResizeEvents } from '../streamer';
import type { ExecOutcome, StreamFlags } from './protocol';

/** What the client asked for, parsed from the kubelet URL. */
export interface ExecTarget {
  kind: 'exec' | 'attach';
  namespace: string;
  pod: string;
  container: string;
  /** Empty for attach. */
  command: string[];
  flags: StreamFlags;
}

/** The transport's ends of the process's streams. */
export interface SessionStreams {
  stdin: Readable | null;
  stdout: Writable | null;
  stderr: Writable | null;
  resize: ResizeEvents;
  signal: AbortSignal;
}

async function endStream(w: Writable | null): Promise<void> {
  if (!w || w.destroyed) return;
  if (!w.writableEnded) w.end();
  // Only our (writable) side matters: a SPDY stream's readable side ends when the client says so.
  await finished(w, { readable: false }).catch(() => {});
}

/** Runs the command to completion; never throws (failures become an `error` outcome). */
export async function runSession(
  streamer: ContainerStreamer,
  t: ExecTarget,
  s: SessionStreams,
): Promise<ExecOutcome> {
  const io = {
    tty: t.flags.tty,
    stdin: s.stdin,
    stdout: s.stdout,
    stderr: t.flags.tty ? null : s.stderr,
    resize: s.resize,
    signal: s.signal,
  };
  let outcome: ExecOutcome;
  try {
    if (t.kind === 'exec') {
      outcome = await streamer.exec(t.namespace, t.pod, t.container, t.command, io);
    } else if (streamer.attach) {
      outcome = await streamer.attach(t.namespace, t.pod, t.container, io);
    } else {
      throw new StreamerError(404, 'attach is not supported by this container runtime');
    }
  } catch (err) {
    outcome = { error: err instanceof Error ? err.message : String(err) };
  }
  await Promise.all([endStream(s.stdout), endStream(s.stderr)]);
  return outcome;
}
