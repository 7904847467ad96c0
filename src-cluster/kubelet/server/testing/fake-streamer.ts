/**
 * An in-memory ContainerStreamer for tests: containers are declared up front, their logs are lines
 * the test appends (followers see each append at once), and exec runs the built-in commands of
 * fake-commands.ts. Attach behaves like attaching to `cat`.
 */
import { EventEmitter } from 'node:events';
import {
  StreamerError,
  type ContainerStreamer,
  type ExecIO,
  type ExecResult,
  type LogOptions,
} from '../streamer';
import { runFakeCommand } from './fake-commands';

interface LogLine {
  time: Date;
  text: string;
}

interface FakeContainer {
  lines: LogLine[];
  previous: LogLine[] | undefined;
  running: boolean;
  changed: EventEmitter;
}

/** RFC 3339 with nanoseconds, as the kubelet prints timestamps. */
function rfc3339Nano(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

export interface ExecRecord {
  namespace: string;
  pod: string;
  container: string;
  command: string[];
  tty: boolean;
}

export class FakeStreamer implements ContainerStreamer {
  private readonly containers = new Map<string, FakeContainer>();
  /** Every exec, in order (for assertions). */
  readonly execs: ExecRecord[] = [];

  constructor(private readonly now: () => Date = () => new Date()) {}

  private key(ns: string, pod: string, c: string) {
    return `${ns}/${pod}/${c}`;
  }

  private get(ns: string, pod: string, c: string): FakeContainer {
    const found = this.containers.get(this.key(ns, pod, c));
    if (!found) throw new StreamerError(404, `container "${c}" in pod "${ns}/${pod}" not found`);
    return found;
  }

  /** Declares a running container with initial log lines (each without its newline). */
  addContainer(ns: string, pod: string, container: string, lines: string[] = []): this {
    const t = this.now();
    this.containers.set(this.key(ns, pod, container), {
      lines: lines.map((text) => ({ time: t, text })),
      previous: undefined,
      running: true,
      changed: new EventEmitter(),
    });
    return this;
  }

  /** Sets the log of the container's previous (terminated) instance. */
  setPrevious(ns: string, pod: string, container: string, lines: string[]): this {
    const t = this.now();
    this.get(ns, pod, container).previous = lines.map((text) => ({ time: t, text }));
    return this;
  }

  /** Appends a log line; followers receive it immediately. */
  appendLog(ns: string, pod: string, container: string, text: string): void {
    const c = this.get(ns, pod, container);
    c.lines.push({ time: this.now(), text });
    c.changed.emit('change');
  }

  /** Marks the container stopped: following log streams end. */
  stopContainer(ns: string, pod: string, container: string): void {
    const c = this.get(ns, pod, container);
    c.running = false;
    c.changed.emit('change');
  }

  async logs(
    ns: string,
    pod: string,
    container: string,
    opts: LogOptions,
  ): Promise<AsyncIterable<Buffer>> {
    const c = this.get(ns, pod, container);
    if (opts.previous && !c.previous) {
      throw new StreamerError(
        400,
        `previous terminated container "${container}" in pod "${pod}" not found`,
      );
    }
    const source = opts.previous ? c.previous! : c.lines;
    const since = opts.sinceSeconds
      ? this.now().getTime() - opts.sinceSeconds * 1000
      : opts.sinceTime
        ? Date.parse(opts.sinceTime)
        : -Infinity;
    const format = (l: LogLine) =>
      Buffer.from((opts.timestamps ? `${rfc3339Nano(l.time)} ` : '') + l.text + '\n');
    const initial = source.filter((l) => l.time.getTime() >= since);
    const start = opts.tailLines !== undefined ? Math.max(0, initial.length - opts.tailLines) : 0;
    const follow = opts.follow && !opts.previous;
    return (async function* () {
      for (const l of initial.slice(start)) yield format(l);
      if (!follow) return;
      let next = source.length;
      while (!opts.signal.aborted) {
        while (next < source.length) yield format(source[next++]!);
        if (!c.running) return;
        await new Promise<void>((resolve) => {
          const wake = () => {
            c.changed.off('change', wake);
            opts.signal.removeEventListener('abort', wake);
            resolve();
          };
          c.changed.on('change', wake);
          opts.signal.addEventListener('abort', wake);
        });
      }
    })();
  }

  async exec(
    ns: string,
    pod: string,
    container: string,
    command: string[],
    io: ExecIO,
  ): Promise<ExecResult> {
    this.get(ns, pod, container);
    this.execs.push({ namespace: ns, pod, container, command, tty: io.tty });
    return { exitCode: await runFakeCommand(command, io) };
  }

  async attach(ns: string, pod: string, container: string, io: ExecIO): Promise<ExecResult> {
    this.get(ns, pod, container);
    return { exitCode: await runFakeCommand(['cat'], io) };
  }
}
