/**
 * The ContainerStreamer the kubelet's streaming server uses, backed by the runtime: it finds the
 * container by the CRI labels the kubelet put on it (namespace, pod, container name) and reads its
 * log or runs a command through the runtime's streaming side.
 */
import {
  StreamerError,
  type ContainerStreamer,
  type ExecIO,
  type ExecResult,
  type LogOptions,
} from './server';
import { CriError } from './cri/errors';
import { replayLatestSize } from './server/remotecommand/resize';
import type { Container, ContainerManager } from './cri/runtime-service';
import { LABELS } from './cri/runtime-service';
import type { LogLine, StreamingRuntime } from './cri/streaming';

function rfc3339Nano(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

export class RuntimeStreamer implements ContainerStreamer {
  constructor(
    private readonly runtime: Pick<ContainerManager, 'listContainers'> & StreamingRuntime,
    private readonly now: () => number,
  ) {}

  /** Instances of the container, newest first. */
  private async instances(ns: string, pod: string, container: string): Promise<Container[]> {
    const { containers } = await this.runtime.listContainers({
      filter: {
        labelSelector: {
          [LABELS.podNamespace]: ns,
          [LABELS.podName]: pod,
          [LABELS.containerName]: container,
        },
      },
    });
    if (containers.length === 0)
      throw new StreamerError(
        404,
        `container "${container}" in pod "${pod}" is waiting to start: ContainerCreating`,
      );
    return containers.sort((a, b) => b.metadata.attempt - a.metadata.attempt);
  }

  async logs(
    ns: string,
    pod: string,
    container: string,
    opts: LogOptions,
  ): Promise<AsyncIterable<Buffer>> {
    const instances = await this.instances(ns, pod, container);
    const target = opts.previous ? instances[1] : instances[0];
    if (!target)
      throw new StreamerError(
        400,
        `previous terminated container "${container}" in pod "${pod}" not found`,
      );
    const since = opts.sinceSeconds
      ? this.now() - opts.sinceSeconds * 1000
      : opts.sinceTime
        ? Date.parse(opts.sinceTime)
        : -Infinity;
    const fmt = (l: LogLine) =>
      Buffer.from(
        (opts.timestamps ? `${l.timestamp ?? rfc3339Nano(l.time)} ` : '') + l.text + '\n',
      );
    let all: LogLine[];
    try {
      all = await this.runtime.readLog(target.id);
    } catch (e) {
      // Removed between the listing and the read (container GC).
      if (e instanceof CriError && e.code === 'NotFound')
        throw new StreamerError(404, `container "${container}" in pod "${pod}" not found`);
      throw e;
    }
    const lines = all.filter((l) => l.time >= since);
    const initial =
      opts.tailLines !== undefined
        ? lines.slice(Math.max(0, lines.length - opts.tailLines))
        : lines;
    const follow = opts.follow && !opts.previous;
    const runtime = this.runtime;
    return (async function* () {
      for (const l of initial) yield fmt(l);
      if (!follow) return;
      const queue: LogLine[] = [];
      let ended = false;
      let wake: (() => void) | undefined;
      const poke = () => wake?.();
      const unsubscribe = runtime.followLog(
        target.id,
        (l) => (queue.push(l), poke()),
        () => ((ended = true), poke()),
        all.length,
      );
      opts.signal.addEventListener('abort', poke);
      try {
        while (!opts.signal.aborted) {
          while (queue.length) yield fmt(queue.shift()!);
          if (ended) return;
          await new Promise<void>((r) => (wake = r));
        }
      } finally {
        unsubscribe();
        opts.signal.removeEventListener('abort', poke);
      }
    })();
  }

  exec(
    ns: string,
    pod: string,
    container: string,
    command: string[],
    io: ExecIO,
  ): Promise<ExecResult> {
    return this.run(ns, pod, container, io, (id, io) => this.runtime.exec(id, command, io));
  }

  attach(ns: string, pod: string, container: string, io: ExecIO): Promise<ExecResult> {
    const attach = this.runtime.attach?.bind(this.runtime);
    if (!attach)
      return Promise.reject(
        new StreamerError(404, 'attach is not supported by this container runtime'),
      );
    return this.run(ns, pod, container, io, attach);
  }

  /** exec and attach alike: the current instance, running, then the runtime's streaming call. */
  private async run(
    ns: string,
    pod: string,
    container: string,
    io: ExecIO,
    call: (containerId: string, io: ExecIO) => Promise<number>,
  ): Promise<ExecResult> {
    // Before any await: a tty's first size arrives while the container is looked up, and a
    // runtime relaying to its own streaming server subscribes later still.
    io = { ...io, resize: replayLatestSize(io.resize) };
    const [c] = await this.instances(ns, pod, container);
    if (c!.state !== 'CONTAINER_RUNNING')
      throw new StreamerError(
        400,
        `container ${container} is not valid for pod ${pod}: not running`,
      );
    try {
      return { exitCode: await call(c!.id, io) };
    } catch (e) {
      if (e instanceof CriError)
        throw new StreamerError(e.code === 'NotFound' ? 404 : 500, e.message);
      throw e;
    }
  }
}
