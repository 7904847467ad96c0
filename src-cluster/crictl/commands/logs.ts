/**
 * `crictl logs [-f] [--tail N] [-t/--timestamps] [-p/--previous] [--stream stdout|stderr]
 * CONTAINER`: the container's CRI log file (ContainerStatus.logPath), read and followed with the
 * kubelet's own reader (kubelet/cri/containerd/cri-log.ts). stdout lines go to stdout, stderr lines
 * to stderr; --previous reads the previous attempt's file (`<n-1>.log` beside the current one);
 * -f keeps reading until the container exits.
 */
import { dirname, extname, join } from 'node:path';
import type { Subcommand } from '../command';
import type { CrictlIO } from '../context';
import { resolveContainerId } from '../resolve';
import { followCriLog, readCriLog, type CriLogLine } from '../../kubelet/cri/containerd/cri-log';
import type { ContainerStatus } from '../../kubelet/cri/runtime-service';
import { isCriNotFound } from '../../kubelet/cri/errors';

const exited = (s: ContainerStatus) =>
  s.state === 'CONTAINER_EXITED' || s.state === 'CONTAINER_UNKNOWN';

/** The log file of the attempt before the current one, or an error when there is none. */
export function previousLogPath(s: ContainerStatus): string {
  if (!s.metadata.attempt)
    throw new Error(`previous terminated container ${s.metadata.name} not found`);
  return join(dirname(s.logPath), `${s.metadata.attempt - 1}${extname(s.logPath)}`);
}

export interface LogPrintOptions {
  timestamps?: boolean;
  stream?: 'stdout' | 'stderr' | '';
}

/** Writes one line where crictl writes it, optionally prefixed by the time containerd recorded. */
export function printLogLine(io: CrictlIO, l: CriLogLine, o: LogPrintOptions): void {
  if (o.stream && l.stream !== o.stream) return;
  const text = (o.timestamps ? `${l.timestamp} ` : '') + l.text + '\n';
  if (l.stream === 'stderr') io.err(text);
  else io.out(text);
}

export const logs: Subcommand = {
  name: 'logs',
  summary: 'Fetch the logs of a container',
  argsUsage: 'CONTAINER-ID',
  opts: [
    { name: 'follow', short: 'f', kind: 'bool', help: 'follow log output' },
    {
      name: 'previous',
      short: 'p',
      kind: 'bool',
      help: 'print the logs for the previous instance of the container in a pod if it exists',
    },
    {
      name: 'tail',
      kind: 'int',
      help: 'number of lines to show from the end of the logs (-1: all)',
      default: '-1',
    },
    { name: 'timestamps', short: 't', kind: 'bool', help: 'show timestamps' },
    {
      name: 'stream',
      short: 's',
      kind: 'string',
      help: 'show only the specified stream (stdout or stderr); defaults to both',
    },
  ],
  async run({ client, io }, a) {
    if (a.positional.length !== 1) throw new Error('logs takes exactly one CONTAINER-ID');
    const stream = a.string('stream');
    if (stream !== '' && stream !== 'stdout' && stream !== 'stderr')
      throw new Error(`invalid stream "${stream}", must be "stdout" or "stderr"`);
    if (a.set.has('tail') && a.set.has('stream'))
      throw new Error('--tail and --stream are mutually exclusive');
    const id = await resolveContainerId(client.runtime, a.positional[0]!);
    const { status } = await client.runtime.containerStatus({ containerId: id });
    if (!status.logPath) throw new Error('the container has not set log path');
    const previous = a.bool('previous');
    const path = previous ? previousLogPath(status) : status.logPath;
    const opts: LogPrintOptions = { timestamps: a.bool('timestamps'), stream: stream as '' };

    // A previous attempt has exited by definition: its file is complete.
    const done = previous || exited(status);
    const lines = await readCriLog(path, { includePartial: done });
    const tail = a.int('tail');
    const shown = tail >= 0 ? lines.slice(Math.max(0, lines.length - tail)) : lines;
    for (const l of shown) printLogLine(io, l, opts);
    if (!a.bool('follow') || done) return 0;

    await new Promise<void>((resolve, reject) => {
      followCriLog(path, {
        skipLines: lines.length,
        exited: async () => {
          try {
            return exited((await client.runtime.containerStatus({ containerId: id })).status);
          } catch (e) {
            if (isCriNotFound(e)) return true; // removed while we followed
            throw e;
          }
        },
        onLine: (l) => printLogLine(io, l, opts),
        onEnd: (err) => (err ? reject(err) : resolve()),
      });
    });
    return 0;
  },
};
