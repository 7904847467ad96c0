/**
 * `crictl stats`: CONTAINER NAME CPU % MEM DISK INODES SWAP for running containers. CPU % needs two
 * samples (--seconds apart, default 1): the usage delta over the timestamp delta. kubelab's CRI
 * proto decodes cpu and memory only, so DISK, INODES and SWAP read 0 as crictl prints them for a
 * runtime that does not report them.
 */
import { parseLabels } from '../args';
import { OUTPUT_OPT, type Subcommand } from '../command';
import { truncateId } from '../ids';
import { FIELD_ORDER, goYaml, listFormat, protoJson } from '../json-output';
import { resolveFilterId } from '../resolve';
import { humanSize } from '../size';
import { formatTable } from '../table';
import type { ContainerFilter, ContainerStats } from '../../kubelet/cri/runtime-service';

const val = (v: { value: string } | undefined | null): bigint => BigInt(v?.value ?? '0');

export function statsTable(before: ContainerStats[], after: ContainerStats[], all = false): string {
  const old = new Map(before.map((s) => [s.attributes.id, s]));
  const rows = [['CONTAINER', 'NAME', 'CPU %', 'MEM', 'DISK', 'INODES', 'SWAP']];
  for (const s of [...after].sort((a, b) => (a.attributes.id < b.attributes.id ? -1 : 1))) {
    const cpu = val(s.cpu?.usageCoreNanoSeconds);
    const mem = val(s.memory?.workingSetBytes);
    if (!all && cpu === 0n && mem === 0n) continue; // not running
    const prev = old.get(s.attributes.id);
    if (!prev) continue; // appeared between the samples
    let perc = 0;
    if (cpu !== 0n) {
      const dt = BigInt(s.cpu?.timestamp ?? '0') - BigInt(prev.cpu?.timestamp ?? '0');
      if (dt === 0n) throw new Error('cpu stat is not updated during sample');
      perc = (Number(cpu - val(prev.cpu?.usageCoreNanoSeconds)) / Number(dt)) * 100;
    }
    rows.push([
      truncateId(s.attributes.id),
      s.attributes.metadata?.name ?? '',
      perc.toFixed(2),
      humanSize(Number(mem)),
      humanSize(0),
      '0',
      humanSize(0),
    ]);
  }
  return formatTable(rows);
}

export const stats: Subcommand = {
  name: 'stats',
  summary: 'List container(s) resource usage statistics',
  argsUsage: '[ID]',
  opts: [
    {
      name: 'all',
      short: 'a',
      kind: 'bool',
      help: 'show all containers (default shows just running)',
    },
    { name: 'id', kind: 'string', help: 'filter by container id' },
    { name: 'pod', short: 'p', kind: 'string', help: 'filter by pod id' },
    { name: 'label', kind: 'list', help: 'filter by key=value label' },
    OUTPUT_OPT,
    {
      name: 'seconds',
      short: 's',
      kind: 'int',
      help: 'sample duration for CPU usage in seconds',
      default: '1',
    },
  ],
  async run({ client, io }, a) {
    const rt = client.runtime;
    const format = listFormat(a.string('output'));
    const filter: ContainerFilter = {};
    const id = await resolveFilterId('container', rt, a.positional[0] ?? a.string('id'));
    if (id) filter.id = id;
    const pod = await resolveFilterId('pod sandbox', rt, a.string('pod'));
    if (pod) filter.podSandboxId = pod;
    const labels = parseLabels(a.list('label'));
    if (labels) filter.labelSelector = labels;
    const sample = async () =>
      (await rt.listContainerStats({ filter })).stats.sort((x, y) =>
        x.attributes.id < y.attributes.id ? -1 : 1,
      );
    const first = await sample();
    if (format === 'json') {
      io.out(protoJson({ stats: first }, [['stats', FIELD_ORDER.containerStats]]) + '\n');
      return 0;
    }
    if (format === 'yaml') {
      io.out(goYaml({ stats: first }) + '\n');
      return 0;
    }
    await new Promise((r) => setTimeout(r, a.int('seconds') * 1000));
    const second = await sample();
    if (io.stdoutIsTTY) io.out('\x1b[2J\x1b[H'); // crictl clears the screen before its table
    io.out(statsTable(first, second, a.bool('all')));
    return 0;
  },
};
