/**
 * The seam between the kubelet's streaming server and whatever runs containers: the CRI runtime in
 * a real node, the simulated runtime in no-VM mode, the fake in testing/ for tests. The server owns
 * HTTP, SPDY and WebSocket; a streamer only produces log bytes and runs commands.
 */
import type { EventEmitter } from 'node:events';
import type { Readable, Writable } from 'node:stream';

/** Log query options, already parsed and validated (upstream PodLogOptions). */
export interface LogOptions {
  follow: boolean;
  /** Only the last N lines. */
  tailLines?: number;
  /** Prefix each line with its RFC 3339 (nanosecond) timestamp and a space. */
  timestamps: boolean;
  /** The previous (terminated) instance of the container. */
  previous: boolean;
  /** Only lines newer than this many seconds (exclusive with sinceTime). */
  sinceSeconds?: number;
  /** Only lines at or after this time (RFC 3339). */
  sinceTime?: string;
  /** Stop after this many bytes. The server enforces it too; a streamer may stop early. */
  limitBytes?: number;
  /** Aborted when the client goes away; a following stream must then end. */
  signal: AbortSignal;
}

export interface TerminalSize {
  width: number;
  height: number;
}

/** Emits 'resize' with a TerminalSize each time the client's terminal changes (tty only). */
export type ResizeEvents = EventEmitter<{ resize: [TerminalSize] }>;

/**
 * The process's standard streams as the client asked for them. Streamers write to stdout/stderr
 * but do not end them: the server ends them after exec() settles, then reports the exit status.
 */
export interface ExecIO {
  tty: boolean;
  /** null unless the client sent stdin=true; ends when the client closes its input. */
  stdin: Readable | null;
  stdout: Writable | null;
  /** Always null with a tty (a terminal has one output stream). */
  stderr: Writable | null;
  resize: ResizeEvents;
  /** Aborted when the client disconnects; the command should then be stopped. */
  signal: AbortSignal;
}

export interface ExecResult {
  exitCode: number;
}

export interface ContainerStreamer {
  /**
   * The container's log as a byte stream (a Node Readable is an AsyncIterable). With follow, the
   * iterable stays open for new output until the container stops or opts.signal aborts.
   * Throws StreamerError for unknown pods/containers or a missing previous instance.
   */
  logs(
    ns: string,
    pod: string,
    container: string,
    opts: LogOptions,
  ): Promise<AsyncIterable<Buffer>>;
  /**
   * Runs `command` in the container. Resolves with its exit code; throws StreamerError when it
   * cannot start (unknown container, command not found) — that is reported to the client as a
   * Failure status instead of an exit code.
   */
  exec(
    ns: string,
    pod: string,
    container: string,
    command: string[],
    io: ExecIO,
  ): Promise<ExecResult>;
  /** Attaches to the container's main process. Optional: without it attach answers 404. */
  attach?(ns: string, pod: string, container: string, io: ExecIO): Promise<ExecResult>;
}

/** A failure a streamer reports to the client, with the HTTP code it maps to. */
export class StreamerError extends Error {
  override readonly name = 'StreamerError';
  constructor(
    readonly code: 400 | 404 | 500,
    message: string,
  ) {
    super(message);
  }
}
