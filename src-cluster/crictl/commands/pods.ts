/**
 * `crictl pods`: pod sandboxes, newest first, filtered by id (a unique prefix), state
 * (ready|notready), labels and name/namespace regular expressions. The table is POD ID CREATED
 * STATE NAME NAMESPACE ATTEMPT RUNTIME ("(default)" for the default runtime handler).
 */
import { parseLabels, type ParsedArgs } from '../args';
import type { CrictlClient } from '../client';
import { OUTPUT_OPT, type Subcommand } from '../command';
import { truncateId } from '../ids';
import { FIELD_ORDER, goYaml, listFormat, protoJson } from '../json-output';
import { byCreatedDesc, compileRegex, labelLines, truncateCount } from '../labels';
import { resolveFilterId } from '../resolve';
import { formatTable } from '../table';
import { goTimeString } from '../timestamps';
import { ago } from '../time-ago';
import type {
  PodSandbox,
  PodSandboxFilter,
  PodSandboxState,
} from '../../kubelet/cri/runtime-service';

export interface PodListOptions {
  id?: string;
  state?: string;
  labels?: Record<string, string>;
  name?: string;
  namespace?: string;
  latest?: boolean;
  last?: number;
}

export const POD_STATE_NAMES: Record<PodSandboxState, string> = {
  SANDBOX_READY: 'Ready',
  SANDBOX_NOTREADY: 'NotReady',
};

export async function listPods(client: CrictlClient, o: PodListOptions): Promise<PodSandbox[]> {
  const filter: PodSandboxFilter = {};
  const id = await resolveFilterId('pod sandbox', client.runtime, o.id ?? '');
  if (id) filter.id = id;
  if (o.state) {
    const s = o.state.toLowerCase();
    if (s !== 'ready' && s !== 'notready') throw new Error('--state should be ready or notready');
    filter.state = { state: s === 'ready' ? 'SANDBOX_READY' : 'SANDBOX_NOTREADY' };
  }
  if (o.labels) filter.labelSelector = o.labels;
  const { items } = await client.runtime.listPodSandbox({ filter });
  const nameRe = compileRegex(o.name ?? '');
  const nsRe = compileRegex(o.namespace ?? '');
  const out = items.filter(
    (p) =>
      (!nameRe || nameRe.test(p.metadata?.name ?? '')) &&
      (!nsRe || nsRe.test(p.metadata?.namespace ?? '')),
  );
  out.sort(byCreatedDesc);
  return out.slice(0, truncateCount(out.length, o.latest ?? false, o.last ?? 0));
}

/** The sandbox's runtime handler (containerd sends it; the kubelet's type leaves it out). */
const runtimeHandlerOf = (p: PodSandbox): string =>
  (p as PodSandbox & { runtimeHandler?: string }).runtimeHandler || '(default)';

export const PODS_HEADER = [
  'POD ID',
  'CREATED',
  'STATE',
  'NAME',
  'NAMESPACE',
  'ATTEMPT',
  'RUNTIME',
];

export function podsTable(pods: PodSandbox[], nowMs: number, noTrunc = false): string {
  const rows = pods.map((p) => [
    noTrunc ? p.id : truncateId(p.id),
    ago(p.createdAt, nowMs),
    POD_STATE_NAMES[p.state] ?? p.state,
    p.metadata?.name ?? '',
    p.metadata?.namespace ?? '',
    String(p.metadata?.attempt ?? 0),
    runtimeHandlerOf(p),
  ]);
  return formatTable([PODS_HEADER, ...rows]);
}

export function podsVerbose(pods: PodSandbox[]): string {
  return pods
    .map(
      (p) =>
        `ID: ${p.id}\n` +
        (p.metadata?.name ? `Name: ${p.metadata.name}\n` : '') +
        (p.metadata?.uid ? `UID: ${p.metadata.uid}\n` : '') +
        (p.metadata?.namespace ? `Namespace: ${p.metadata.namespace}\n` : '') +
        (p.metadata?.attempt ? `Attempt: ${p.metadata.attempt}\n` : '') +
        `Status: ${POD_STATE_NAMES[p.state] ?? p.state}\nCreated: ${goTimeString(p.createdAt)}\n` +
        labelLines('Labels', p.labels) +
        labelLines('Annotations', p.annotations) +
        `Runtime: ${runtimeHandlerOf(p)}\n\n`,
    )
    .join('');
}

export function podListOptions(a: ParsedArgs): PodListOptions {
  return {
    id: a.set.has('id') ? a.string('id') : undefined,
    state: a.string('state'),
    labels: parseLabels(a.list('label')),
    name: a.string('name'),
    namespace: a.string('namespace'),
    latest: a.bool('latest'),
    last: a.int('last'),
  };
}

export const POD_FILTER_OPTS = [
  { name: 'name', kind: 'string', help: 'filter by pod name regular expression pattern' },
  { name: 'namespace', kind: 'string', help: 'filter by pod namespace regular expression pattern' },
  { name: 'state', short: 's', kind: 'string', help: 'filter by pod state (ready|notready)' },
  { name: 'label', kind: 'list', help: 'filter by key=value label (repeatable)' },
  { name: 'latest', short: 'l', kind: 'bool', help: 'show the most recently created pod' },
  { name: 'last', short: 'n', kind: 'int', help: 'show last n recently created pods' },
] as const satisfies Subcommand['opts'];

export const pods: Subcommand = {
  name: 'pods',
  summary: 'List pods',
  opts: [
    { name: 'id', kind: 'string', help: 'filter by pod id (a unique prefix will do)' },
    ...POD_FILTER_OPTS,
    { name: 'verbose', short: 'v', kind: 'bool', help: 'show verbose info for pods' },
    { name: 'quiet', short: 'q', kind: 'bool', help: 'list only pod IDs' },
    OUTPUT_OPT,
    { name: 'no-trunc', kind: 'bool', help: 'show output without truncating the ID' },
  ],
  async run({ client, io }, a) {
    if (a.positional.length) throw new Error(`pods takes no arguments (got "${a.positional[0]}")`);
    const format = listFormat(a.string('output'));
    const items = await listPods(client, podListOptions(a));
    if (format === 'json') io.out(protoJson({ items }, [['items', FIELD_ORDER.podSandbox]]) + '\n');
    else if (format === 'yaml') io.out(goYaml({ items }) + '\n');
    else if (a.bool('quiet')) io.out(items.map((p) => `${p.id}\n`).join(''));
    else if (a.bool('verbose')) io.out(podsVerbose(items));
    else io.out(podsTable(items, io.now(), a.bool('no-trunc')));
    return 0;
  },
};
