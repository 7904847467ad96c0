/**
 * The CRI container log format containerd writes for every container
 * (`<logDirectory>/<logPath>`), and reading/following such a file.
 *
 * One entry per line: `<RFC 3339 nano time> <stdout|stderr> <tags> <content>\n`. The first tag is
 * F (the content ends a line) or P (a partial chunk: containerd splits lines longer than its buffer,
 * and more tags may follow after ':'). Chunks of one stream are joined until its F entry; the line
 * takes the time of its first chunk. Content is raw bytes, so lines are cut and joined as bytes and
 * decoded only once whole (a split can fall inside a UTF-8 character).
 *
 * Nothing here talks to containerd: `crictl logs` and the kubelet's log streamer both build on it.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { LogLine } from '../streaming';

export type CriLogStream = 'stdout' | 'stderr';

/** One decoded entry (one line of the file). */
export interface CriLogEntry {
  /** The time as written (RFC 3339 with up to nanoseconds, any offset). */
  timestamp: string;
  /** Milliseconds since the epoch. */
  time: number;
  stream: CriLogStream;
  partial: boolean;
  content: Buffer;
}

const SPACE = 0x20;

/** Parses one entry (without its '\n'); undefined when it is not in CRI log format. */
export function parseCriLogEntry(line: Buffer): CriLogEntry | undefined {
  const s1 = line.indexOf(SPACE);
  const s2 = s1 < 0 ? -1 : line.indexOf(SPACE, s1 + 1);
  if (s2 < 0) return undefined;
  const timestamp = line.toString('latin1', 0, s1);
  const time = Date.parse(timestamp);
  if (!/^\d{4}-\d\d-\d\dT/.test(timestamp) || Number.isNaN(time)) return undefined;
  const stream = line.toString('latin1', s1 + 1, s2);
  if (stream !== 'stdout' && stream !== 'stderr') return undefined;
  // An empty line may be written without the space before its (empty) content.
  const s3 = line.indexOf(SPACE, s2 + 1);
  const tags = line.toString('latin1', s2 + 1, s3 < 0 ? line.length : s3).split(':');
  if (tags[0] !== 'F' && tags[0] !== 'P') return undefined;
  return {
    timestamp,
    time,
    stream,
    partial: tags[0] === 'P',
    content: s3 < 0 ? Buffer.alloc(0) : line.subarray(s3 + 1),
  };
}

/** A decoded log line, with the time as containerd wrote it (nanoseconds, original offset). */
export type CriLogLine = LogLine & { timestamp: string };

/**
 * Incremental decoder: push file bytes as they come (chunks may end anywhere), get whole log lines
 * back. Malformed entries are skipped, as the kubelet does.
 */
export class CriLogDecoder {
  private rest: Buffer = Buffer.alloc(0);
  private readonly pending = new Map<CriLogStream, { first: CriLogEntry; parts: Buffer[] }>();

  push(chunk: Buffer): CriLogLine[] {
    const buf = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    const out: CriLogLine[] = [];
    let start = 0;
    for (let nl = buf.indexOf(0x0a); nl >= 0; nl = buf.indexOf(0x0a, start)) {
      const entry = parseCriLogEntry(buf.subarray(start, nl));
      start = nl + 1;
      if (entry) this.add(entry, out);
    }
    // Copy the unfinished tail so the (possibly large) chunk it points into can be freed.
    this.rest = Buffer.from(buf.subarray(start));
    return out;
  }

  /** Lines still open at the end of the input (partial chunks with no F entry yet). */
  flush(): CriLogLine[] {
    const out: CriLogLine[] = [];
    for (const [stream, p] of this.pending) out.push(line(stream, p.first, p.parts));
    this.pending.clear();
    return out.sort((a, b) => a.time - b.time);
  }

  private add(e: CriLogEntry, out: CriLogLine[]): void {
    const open = this.pending.get(e.stream);
    if (e.partial) {
      if (open) open.parts.push(e.content);
      else this.pending.set(e.stream, { first: e, parts: [e.content] });
      return;
    }
    this.pending.delete(e.stream);
    out.push(
      open
        ? line(e.stream, open.first, [...open.parts, e.content])
        : line(e.stream, e, [e.content]),
    );
  }
}

function line(stream: CriLogStream, first: CriLogEntry, parts: Buffer[]): CriLogLine {
  return {
    time: first.time,
    timestamp: first.timestamp,
    stream,
    text: (parts.length === 1 ? parts[0]! : Buffer.concat(parts)).toString('utf8'),
  };
}

function isNotFound(e: unknown): boolean {
  return (e as NodeJS.ErrnoException).code === 'ENOENT';
}

/**
 * Every line of a CRI log file. `includePartial`: also the unfinished line at the end (for a
 * container that has exited, whose last output had no newline). A missing file has no lines.
 */
export async function readCriLog(
  path: string,
  opts: { includePartial?: boolean } = {},
): Promise<CriLogLine[]> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    if (isNotFound(e)) return [];
    throw e;
  }
  try {
    const decoder = new CriLogDecoder();
    const lines: CriLogLine[] = [];
    const buf = Buffer.alloc(64 * 1024);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      lines.push(...decoder.push(buf.subarray(0, bytesRead)));
    }
    if (opts.includePartial) lines.push(...decoder.flush());
    return lines;
  } finally {
    await fh.close();
  }
}

export interface FollowCriLogOptions {
  /**
   * Lines already delivered (e.g. by readCriLog): the follow skips that many and delivers the
   * rest, so nothing written between the read and the follow is lost or repeated. Undefined: start
   * after whatever the file holds now.
   */
  skipLines?: number;
  /** Whether the writer is done (the container exited); once true the rest is read and onEnd called. */
  exited: () => Promise<boolean>;
  onLine: (line: CriLogLine) => void;
  /** Called once, after the last line; with an error when reading failed. */
  onEnd: (err?: Error) => void;
  /** How often to look for new bytes (default 200 ms). */
  pollMs?: number;
}

/**
 * Follows a CRI log file by polling it for appended bytes (containerd appends and never rewrites;
 * a file that shrank was rotated or truncated and is read again from its start). Ends after the
 * writer exits and the file's last bytes were read. Returns stop(); onEnd is not called after it.
 */
export function followCriLog(path: string, opts: FollowCriLogOptions): () => void {
  const pollMs = opts.pollMs ?? 200;
  const decoder = new CriLogDecoder();
  let offset = 0;
  let toSkip = opts.skipLines;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const buf = Buffer.alloc(64 * 1024);

  const emit = (lines: CriLogLine[]) => {
    for (const l of lines) {
      if (stopped) return;
      if (toSkip !== undefined && toSkip > 0) toSkip--;
      else opts.onLine(l);
    }
  };

  /** Reads everything appended since the last call. */
  const readNew = async (): Promise<void> => {
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch (e) {
      if (!isNotFound(e)) throw e;
      // Not created yet (so nothing in it predates the follow), or removed with its container.
      toSkip ??= 0;
      return;
    }
    try {
      const { size } = await fh.stat();
      if (size < offset) offset = 0;
      const first = toSkip === undefined;
      const lines: CriLogLine[] = [];
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, offset);
        if (bytesRead === 0) break;
        offset += bytesRead;
        lines.push(...decoder.push(buf.subarray(0, bytesRead)));
      }
      // Without skipLines the first read only finds where "now" is.
      if (first) toSkip = lines.length;
      emit(lines);
    } finally {
      await fh.close();
    }
  };

  const tick = async () => {
    timer = undefined;
    try {
      // Ask first, read second: whatever was written before the exit is then surely read.
      const done = await opts.exited();
      await readNew();
      if (stopped) return;
      if (done) {
        emit(decoder.flush());
        stopped = true;
        return opts.onEnd();
      }
    } catch (e) {
      if (stopped) return;
      stopped = true;
      return opts.onEnd(e instanceof Error ? e : new Error(String(e)));
    }
    if (!stopped) timer = setTimeout(() => void tick(), pollMs);
  };
  void tick();

  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
