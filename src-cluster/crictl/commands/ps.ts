/**
 * `crictl ps`: containers, newest first — running ones unless -a, --state or -l/--last; filtered by
 * id/pod (unique prefixes), labels, image, and name/namespace regular expressions. The table is
 * CONTAINER IMAGE CREATED STATE NAME ATTEMPT POD ID POD NAMESPACE (crictl ≥ 1.32), ids cut to 13
 * characters; -q prints full ids, -v a block per container, -o json|yaml the ListContainers
 * response.
 */
import { parseLabels, type ParsedArgs } from '../args';
import type { CrictlClient } from '../client';
import { OUTPUT_OPT, type Subcommand } from '../command';
import { shortImage, truncateId } from '../ids';
import { FIELD_ORDER, goYaml, listFormat, protoJson } from '../json-output';
import {
  byCreatedDesc,
  compileRegex,
  labelLines,
  podNameOf,
  podNamespaceOf,
  truncateCount,
} from '../labels';
import { resolveFilterId } from '../resolve';
import { formatTable } from '../table';
import { ago } from '../time-ago';
import type { Container, ContainerFilter, ContainerState } from '../../kubelet/cri/runtime-service';

export interface ContainerListOptions {
  id?: string;
  podId?: string;
  state?: string;
  all?: boolean;
  latest?: boolean;
  last?: number;
  labels?: Record<string, string>;
  name?: string;
  namespace?: string;
  image?: string;
}

const STATES: Record<string, ContainerState> = {
  created: 'CONTAINER_CREATED',
  running: 'CONTAINER_RUNNING',
  exited: 'CONTAINER_EXITED',
  unknown: 'CONTAINER_UNKNOWN',
};

export const STATE_NAMES: Record<ContainerState, string> = {
  CONTAINER_CREATED: 'Created',
  CONTAINER_RUNNING: 'Running',
  CONTAINER_EXITED: 'Exited',
  CONTAINER_UNKNOWN: 'Unknown',
};

export async function listContainers(
  client: CrictlClient,
  o: ContainerListOptions,
): Promise<Container[]> {
  const rt = client.runtime;
  const filter: ContainerFilter = {};
  const id = await resolveFilterId('container', rt, o.id ?? '');
  if (id) filter.id = id;
  const podId = await resolveFilterId('pod sandbox', rt, o.podId ?? '');
  if (podId) filter.podSandboxId = podId;
  if (o.state) {
    const st = STATES[o.state.toLowerCase()];
    if (!st) throw new Error('--state should be one of created, running, exited or unknown');
    filter.state = { state: st };
  } else if (!o.all) {
    filter.state = { state: 'CONTAINER_RUNNING' };
  }
  // --latest/--last look at every state.
  if (o.latest || (o.last ?? 0) > 0) delete filter.state;
  if (o.labels) filter.labelSelector = o.labels;

  const { containers } = await rt.listContainers({ filter });
  const nameRe = compileRegex(o.name ?? '');
  const nsRe = compileRegex(o.namespace ?? '');
  const wantImage = o.image ? await imageIdOf(client, o.image) : undefined;
  const out: Container[] = [];
  for (const c of containers) {
    if (nameRe && !nameRe.test(c.metadata?.name ?? '')) continue;
    if (nsRe && !nsRe.test(podNamespaceOf(c.labels))) continue;
    if (o.image && (!wantImage || (await imageIdOf(client, c.image?.image ?? '')) !== wantImage))
      continue;
    out.push(c);
  }
  out.sort(byCreatedDesc);
  return out.slice(0, truncateCount(out.length, o.latest ?? false, o.last ?? 0));
}

async function imageIdOf(client: CrictlClient, image: string): Promise<string | undefined> {
  return (await client.runtime.imageStatus({ image: { image } })).image?.id;
}

export const PS_HEADER = [
  'CONTAINER',
  'IMAGE',
  'CREATED',
  'STATE',
  'NAME',
  'ATTEMPT',
  'POD ID',
  'POD',
  'NAMESPACE',
];

export function containersTable(cs: Container[], nowMs: number, noTrunc = false): string {
  const rows = cs.map((c) => {
    const image = c.image?.image ?? '';
    return [
      noTrunc ? c.id : truncateId(c.id),
      noTrunc ? image : shortImage(image),
      ago(c.createdAt, nowMs),
      STATE_NAMES[c.state] ?? c.state,
      c.metadata?.name ?? '',
      String(c.metadata?.attempt ?? 0),
      noTrunc ? c.podSandboxId : truncateId(c.podSandboxId),
      podNameOf(c.labels),
      podNamespaceOf(c.labels),
    ];
  });
  return formatTable([PS_HEADER, ...rows]);
}

/** The -v listing: one block per container. */
export function containersVerbose(cs: Container[], nowMs: number): string {
  return cs
    .map(
      (c) =>
        `ID: ${c.id}\nPodID: ${c.podSandboxId}\nNamespace: ${podNamespaceOf(c.labels)}\n` +
        (c.metadata?.name ? `Name: ${c.metadata.name}\n` : '') +
        `Attempt: ${c.metadata?.attempt ?? 0}\nState: ${STATE_NAMES[c.state] ?? c.state}\n` +
        `Image: ${c.image?.image ?? ''}\nCreated: ${ago(c.createdAt, nowMs)}\n` +
        labelLines('Labels', c.labels) +
        labelLines('Annotations', c.annotations) +
        '\n',
    )
    .join('');
}

export function containerListOptions(a: ParsedArgs): ContainerListOptions {
  return {
    id: a.set.has('id') ? a.string('id') : undefined,
    podId: a.string('pod'),
    state: a.string('state'),
    all: a.bool('all'),
    latest: a.bool('latest'),
    last: a.int('last'),
    labels: parseLabels(a.list('label')),
    name: a.string('name'),
    namespace: a.string('namespace'),
    image: a.string('image'),
  };
}

export const CONTAINER_FILTER_OPTS = [
  { name: 'name', kind: 'string', help: 'filter by container name regular expression pattern' },
  { name: 'namespace', kind: 'string', help: 'filter by pod namespace regular expression pattern' },
  { name: 'pod', short: 'p', kind: 'string', help: 'filter by pod id (a unique prefix will do)' },
  { name: 'image', kind: 'string', help: 'filter by container image' },
  { name: 'state', short: 's', kind: 'string', help: 'filter by container state' },
  { name: 'label', kind: 'list', help: 'filter by key=value label (repeatable)' },
  { name: 'all', short: 'a', kind: 'bool', help: 'show all containers' },
  {
    name: 'latest',
    short: 'l',
    kind: 'bool',
    help: 'show the most recently created container (includes all states)',
  },
  {
    name: 'last',
    short: 'n',
    kind: 'int',
    help: 'show last n recently created containers (includes all states)',
  },
] as const satisfies Subcommand['opts'];

export const ps: Subcommand = {
  name: 'ps',
  summary: 'List containers',
  opts: [
    { name: 'verbose', short: 'v', kind: 'bool', help: 'show verbose information for containers' },
    { name: 'id', kind: 'string', help: 'filter by container id (a unique prefix will do)' },
    ...CONTAINER_FILTER_OPTS,
    { name: 'quiet', short: 'q', kind: 'bool', help: 'only display container IDs' },
    OUTPUT_OPT,
    { name: 'no-trunc', kind: 'bool', help: 'show output without truncating the ID' },
  ],
  async run({ client, io }, a) {
    if (a.positional.length) throw new Error(`ps takes no arguments (got "${a.positional[0]}")`);
    const format = listFormat(a.string('output'));
    const cs = await listContainers(client, containerListOptions(a));
    if (format === 'json')
      io.out(protoJson({ containers: cs }, [['containers', FIELD_ORDER.container]]) + '\n');
    else if (format === 'yaml') io.out(goYaml({ containers: cs }) + '\n');
    else if (a.bool('quiet')) io.out(cs.map((c) => `${c.id}\n`).join(''));
    else if (a.bool('verbose')) io.out(containersVerbose(cs, io.now()));
    else io.out(containersTable(cs, io.now(), a.bool('no-trunc')));
    return 0;
  },
};
