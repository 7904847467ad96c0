/**
 * What the kubelet's ContainerStreamer needs from a runtime besides the CRI calls: log lines and
 * interactive exec. Under containerd these come from the CRI log files (`<logDirectory>/<logPath>`
 * in CRI log format) and the runtime's Exec streaming URL; the sim runtime serves them from memory.
 */
import type { ExecIO } from '../server/streamer';

export interface LogLine {
  /** Milliseconds since the epoch. */
  time: number;
  stream: 'stdout' | 'stderr';
  text: string;
  /** The time as the runtime wrote it (RFC 3339, maybe nanoseconds); `--timestamps` prints it. */
  timestamp?: string;
}

export interface ContainerLogReader {
  /**
   * Lines written so far; throws (rejects) CriError NotFound for an unknown (or removed) container.
   * The sim answers from memory; containerd's log lives in a file found through ContainerStatus.
   */
  readLog(containerId: string): LogLine[] | Promise<LogLine[]>;
  /**
   * Calls onLine for each new line and onEnd once the container has exited; returns unsubscribe.
   * If the container has already exited, onEnd is called at once (after any lines not yet seen).
   * `skipLines`: how many lines readLog returned just before — lines after those are new, even
   * when written between the two calls (a runtime that reads files needs it; the sim ignores it).
   */
  followLog(
    containerId: string,
    onLine: (l: LogLine) => void,
    onEnd: () => void,
    skipLines?: number,
  ): () => void;
}

export interface ContainerExecutor {
  /**
   * Runs cmd in the container with the given streams; resolves with its exit code. Rejects with
   * CriError NotFound (no such container) or Unknown (executable not found / not running).
   */
  exec(containerId: string, cmd: string[], io: ExecIO): Promise<number>;
  /**
   * Attaches io to the container's main process until it exits or the client leaves; resolves
   * with the exit code the runtime reports. Optional: without it `kubectl attach` is refused.
   */
  attach?(containerId: string, io: ExecIO): Promise<number>;
}

export type StreamingRuntime = ContainerLogReader & ContainerExecutor;
