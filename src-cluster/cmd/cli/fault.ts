/**
 * `kubelab fault <kind> <target…>` applies a no-VM fault in the running cluster and records it in
 * the ledger; `kubelab fault list` shows the ledger; `kubelab revert <id>|--all` undoes them.
 */
import { FAULT_KINDS } from '../../faults/catalogue';
import type { LedgerEntry } from '../../faults/ledger';
import { FaultLedger } from '../../faults/ledger';
import { FlagError, flagsHelp, type FlagSpec } from '../flags';
import { DATA_DIR_FLAG, HELP_FLAG, splitArgs } from './args';
import { ClusterDir } from './cluster-dir';
import { callControl, controlOf } from './control-client';

const SPECS: FlagSpec[] = [DATA_DIR_FLAG, HELP_FLAG];

function faultHelp(): string {
  const kinds = FAULT_KINDS.map((k) => `  ${`${k.kind} ${k.usage}`.padEnd(52)} ${k.summary}`);
  return [
    flagsHelp('fault <kind> <target…>', 'Breaks something in the running no-VM cluster.', SPECS),
    '',
    'Kinds:',
    ...kinds,
    '',
    'kubelab fault list              the ledger of applied faults',
    'kubelab revert <id> | --all     undo faults',
  ].join('\n');
}

function row(e: LedgerEntry): string {
  const note = e.note ? `  (${e.note})` : '';
  return `${e.id.padEnd(5)} ${e.kind.padEnd(24)} ${e.target.padEnd(36)} ${e.state.padEnd(13)} ${e.appliedAt}${note}`;
}

export async function runFault(args: string[]): Promise<number> {
  const { positional, flags } = splitArgs(args, SPECS);
  if (flags.help || positional.length === 0) {
    console.log(faultHelp());
    return flags.help ? 0 : 2;
  }
  const dir = new ClusterDir(String(flags['data-dir']));
  const [kind, ...rest] = positional as [string, ...string[]];
  if (kind === 'list') {
    const entries = new FaultLedger(dir.dir).entries();
    if (entries.length === 0) console.log('no faults recorded');
    else {
      console.log(
        `${'ID'.padEnd(5)} ${'KIND'.padEnd(24)} ${'TARGET'.padEnd(36)} ${'STATE'.padEnd(13)} APPLIED`,
      );
      for (const e of entries) console.log(row(e));
    }
    return 0;
  }
  if (kind === 'start-kubelet') {
    // The revert of stop-kubelet, by the name users reach for.
    const open = new FaultLedger(dir.dir)
      .open()
      .filter((e) => e.kind === 'stop-kubelet' && e.target === rest[0]);
    if (open.length === 0) throw new FlagError(`no open stop-kubelet fault on "${rest[0] ?? ''}"`);
    return runRevert([open[open.length - 1]!.id, `--data-dir=${dir.dir}`]);
  }
  const entry = await callControl<LedgerEntry>(controlOf(dir), 'POST', '/faults', {
    kind,
    args: rest,
  });
  console.log(`applied ${entry.id}: ${entry.kind} ${entry.target}`);
  console.log(`revert with: npx kubelab revert ${entry.id} --data-dir ${dir.dir}`);
  return 0;
}

const REVERT_SPECS: FlagSpec[] = [
  DATA_DIR_FLAG,
  { name: 'all', help: 'revert every open fault', boolean: true },
  HELP_FLAG,
];

export async function runRevert(args: string[]): Promise<number> {
  const { positional, flags } = splitArgs(args, REVERT_SPECS);
  if (flags.help || (!flags.all && positional.length !== 1)) {
    console.log(flagsHelp('revert <id> | --all', 'Undoes faults from the ledger.', REVERT_SPECS));
    return flags.help ? 0 : 2;
  }
  const dir = new ClusterDir(String(flags['data-dir']));
  const payload = flags.all ? { all: true } : { id: positional[0] };
  const out = await callControl<LedgerEntry[]>(controlOf(dir), 'POST', '/revert', payload);
  if (out.length === 0) console.log('nothing to revert');
  let failed = 0;
  for (const e of out) {
    console.log(`${e.id} ${e.kind} ${e.target}: ${e.state}${e.note ? ` (${e.note})` : ''}`);
    if (e.state === 'revert-failed') failed++;
  }
  return failed ? 1 : 0;
}
