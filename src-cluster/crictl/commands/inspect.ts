/**
 * `crictl inspect`, `inspectp`, `inspecti`: the verbose CRI status of containers, pod sandboxes and
 * images as JSON (default), YAML or a short table. Containers and sandboxes are named by a unique id
 * prefix (or, with no ids, by the list filters of ps/pods); images by reference, id or id prefix.
 * -q asks the runtime for the status without the verbose info.
 */
import type { ParsedArgs } from '../args';
import type { CrictlClient, VerboseStatus } from '../client';
import type { Subcommand } from '../command';
import type { CrictlIO } from '../context';
import { labelLines } from '../labels';
import { resolveContainerId, resolveImage, resolvePodId } from '../resolve';
import { humanSize } from '../size';
import {
  goMapString,
  readableContainerStatus,
  readableSandboxStatus,
  renderStatuses,
  statusFormat,
  type StatusData,
} from '../status-output';
import { goTimeString } from '../timestamps';
import { ago } from '../time-ago';
import { CONTAINER_FILTER_OPTS, containerListOptions, listContainers } from './ps';
import { POD_FILTER_OPTS, listPods, podListOptions } from './pods';

const STATUS_OPTS = [
  {
    name: 'output',
    short: 'o',
    kind: 'string',
    help: 'output format, one of: json|yaml|table',
    default: 'json',
  },
  { name: 'quiet', short: 'q', kind: 'bool', help: 'do not show verbose information' },
] as const satisfies Subcommand['opts'];

type Raw = Record<string, unknown>;

/** One fetched status: what json/yaml print, and its -o table rendering. */
interface Fetched {
  data: StatusData;
  table(verbose: boolean): string;
}

async function printStatuses(
  io: CrictlIO,
  a: ParsedArgs,
  ids: string[],
  fetch: (id: string, verbose: boolean) => Promise<Fetched>,
): Promise<number> {
  const format = statusFormat(a.string('output'));
  const verbose = !a.bool('quiet');
  if (!ids.length) throw new Error('no IDs provided or nothing found per filter');
  const all: Fetched[] = [];
  for (const id of ids) all.push(await fetch(id, verbose));
  io.out(
    format === 'table'
      ? all.map((f) => f.table(verbose)).join('')
      : renderStatuses(
          all.map((f) => f.data),
          format,
        ),
  );
  return 0;
}

const infoLine = (info: Record<string, string>, verbose: boolean) =>
  verbose ? `Info: ${goMapString(info)}\n` : '';

/** `inspect -o table` from the raw status (times as nanosecond strings). */
export function containerStatusTable(
  s: Raw,
  info: Record<string, string>,
  verbose: boolean,
  nowMs: number,
): string {
  const meta = s.metadata as { name?: string; attempt?: number } | undefined;
  const state = String(s.state);
  const finished = String(s.finishedAt || '0');
  return (
    `ID: ${s.id}\n` +
    (meta?.name ? `Name: ${meta.name}\n` : '') +
    (meta?.attempt ? `Attempt: ${meta.attempt}\n` : '') +
    `State: ${state}\nCreated: ${ago(String(s.createdAt), nowMs)}\n` +
    (state !== 'CONTAINER_CREATED' ? `Started: ${ago(String(s.startedAt), nowMs)}\n` : '') +
    (state === 'CONTAINER_EXITED'
      ? (BigInt(finished) > 0n ? `Finished: ${ago(finished, nowMs)}\n` : '') +
        `Exit Code: ${s.exitCode}\n`
      : '') +
    labelLines('Labels', s.labels as Record<string, string>) +
    labelLines('Annotations', s.annotations as Record<string, string>) +
    infoLine(info, verbose)
  );
}

async function containerIds(client: CrictlClient, a: ParsedArgs): Promise<string[]> {
  if (a.positional.length)
    return Promise.all(a.positional.map((p) => resolveContainerId(client.runtime, p)));
  return (await listContainers(client, containerListOptions(a))).map((c) => c.id);
}

export const inspect: Subcommand = {
  name: 'inspect',
  summary: 'Display the status of one or more containers',
  argsUsage: 'CONTAINER-ID [CONTAINER-ID...]',
  opts: [...STATUS_OPTS, ...CONTAINER_FILTER_OPTS],
  async run({ client, io }, a) {
    return printStatuses(io, a, await containerIds(client, a), async (id, verbose) => {
      const r: VerboseStatus = await client.containerStatus(id, verbose);
      const status = r.status ?? {};
      return {
        data: { status: readableContainerStatus(status), info: r.info },
        table: (v) => containerStatusTable(status, r.info, v, io.now()),
      };
    });
  },
};

export function sandboxStatusTable(s: Raw, info: Record<string, string>, verbose: boolean): string {
  const m = s.metadata as
    { name?: string; uid?: string; namespace?: string; attempt?: number } | undefined;
  const net = s.network as { ip?: string; additionalIps?: { ip: string }[] } | null | undefined;
  return (
    `ID: ${s.id}\n` +
    (m?.name ? `Name: ${m.name}\n` : '') +
    (m?.uid ? `UID: ${m.uid}\n` : '') +
    (m?.namespace ? `Namespace: ${m.namespace}\n` : '') +
    (m ? `Attempt: ${m.attempt ?? 0}\n` : '') +
    `Status: ${s.state}\nCreated: ${goTimeString(String(s.createdAt ?? '0'))}\n` +
    (net
      ? `IP Addresses: ${net.ip ?? ''}\n` +
        (net.additionalIps ?? []).map((ip) => `Additional IP: ${ip.ip}\n`).join('')
      : '') +
    labelLines('Labels', s.labels as Record<string, string>) +
    labelLines('Annotations', s.annotations as Record<string, string>) +
    infoLine(info, verbose)
  );
}

export const inspectp: Subcommand = {
  name: 'inspectp',
  summary: 'Display the status of one or more pods',
  argsUsage: 'POD-ID [POD-ID...]',
  opts: [...STATUS_OPTS, ...POD_FILTER_OPTS],
  async run({ client, io }, a) {
    const ids = a.positional.length
      ? await Promise.all(a.positional.map((p) => resolvePodId(client.runtime, p)))
      : (await listPods(client, podListOptions(a))).map((p) => p.id);
    return printStatuses(io, a, ids, async (id, verbose) => {
      const r = await client.podSandboxStatus(id, verbose);
      const status = r.status ?? {};
      return {
        data: { status: readableSandboxStatus(status), info: r.info },
        table: (v) => sandboxStatusTable(status, r.info, v),
      };
    });
  },
};

export function imageStatusTable(s: Raw, info: Record<string, string>, verbose: boolean): string {
  return (
    `ID: ${s.id}\n` +
    ((s.repoTags as string[] | undefined) ?? []).map((t) => `Tag: ${t}\n`).join('') +
    ((s.repoDigests as string[] | undefined) ?? []).map((t) => `Digest: ${t}\n`).join('') +
    `Size: ${humanSize(Number(s.size ?? 0), 3)}\n` +
    infoLine(info, verbose)
  );
}

export const inspecti: Subcommand = {
  name: 'inspecti',
  summary: 'Return the status of one or more images',
  argsUsage: 'IMAGE-ID [IMAGE-ID...]',
  opts: [...STATUS_OPTS],
  async run({ client, io }, a) {
    const refs = a.positional.length
      ? a.positional
      : (await client.runtime.listImages({})).images.map((i) => i.id);
    return printStatuses(io, a, refs, async (ref, verbose) => {
      const r = await client.imageStatus(await resolveImage(client.runtime, ref), verbose);
      const status = r.status;
      if (!status) throw new Error(`no such image "${ref}" present`);
      return {
        data: { status, info: r.info },
        table: (v) => imageStatusTable(status, r.info, v),
      };
    });
  },
};
