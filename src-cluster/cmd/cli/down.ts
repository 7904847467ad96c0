/**
 * `kubelab down`: stops the cluster of a data dir. First every recorded fault is reverted (through
 * the control endpoint, and listed), then the process is asked to stop (control endpoint, else
 * SIGTERM) and given `--timeout` seconds before SIGKILL, so no process is ever left behind. The
 * data dir stays (state, PKI, kubeconfig, fault ledger, log) unless --purge.
 */
import { rmSync } from 'node:fs';
import { flagsHelp, FlagError, type FlagSpec } from '../flags';
import { DATA_DIR_FLAG, HELP_FLAG, splitArgs } from './args';
import { ClusterDir, processAlive } from './cluster-dir';
import { callControl } from './control-client';
import type { LedgerEntry } from '../../faults/ledger';
import { recoverAfterCrash } from '../../node/recover';

const SPECS: FlagSpec[] = [
  DATA_DIR_FLAG,
  { name: 'purge', help: 'also delete the data dir (state, PKI, kubeconfig)', boolean: true },
  { name: 'timeout', help: 'seconds to wait for a clean stop before SIGKILL', default: '20' },
  HELP_FLAG,
];

async function waitExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (processAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

export async function runDown(args: string[]): Promise<number> {
  const { positional, flags } = splitArgs(args, SPECS);
  if (flags.help) {
    console.log(flagsHelp('down', 'Stops the no-VM cluster (reverting every fault first).', SPECS));
    return 0;
  }
  if (positional.length) throw new FlagError(`unexpected argument "${positional[0]}"`);
  const dir = new ClusterDir(String(flags['data-dir']));
  const pid = dir.runningPid();
  if (!pid) {
    dir.clearRun();
    console.log(`kubelab down: no cluster is running in ${dir.dir}`);
  } else {
    const info = dir.control();
    let asked = false;
    if (info && info.pid === pid) {
      try {
        const reverted = await callControl<LedgerEntry[]>(info, 'POST', '/revert', { all: true });
        for (const e of reverted) console.log(`reverted ${e.id} ${e.kind} ${e.target}: ${e.state}`);
        await callControl(info, 'POST', '/shutdown');
        asked = true;
      } catch (err) {
        console.error(`kubelab down: ${err instanceof Error ? err.message : err}; sending SIGTERM`);
      }
    }
    if (!asked) process.kill(pid, 'SIGTERM');
    console.log(`stopping the cluster (pid ${pid}) ...`);
    const timeoutMs = Number(flags.timeout) * 1000;
    if (!(await waitExit(pid, timeoutMs))) {
      console.error(`still running after ${flags.timeout} s: SIGKILL`);
      process.kill(pid, 'SIGKILL');
      await waitExit(pid, 5000);
      dir.clearRun();
    }
    console.log('stopped');
  }
  // The cluster process cleans its host node on a normal stop; after a crash or the SIGKILL
  // above, containerd, pods and rules are still on the machine: remove them now.
  const recovered = await recoverAfterCrash(dir.dir);
  if (recovered.found) {
    console.log('removed what the host node left (pods, containerd, bridge, cgroups, rules)');
    for (const p of recovered.problems) console.error(`  not cleaned: ${p}`);
  }
  if (flags.purge) {
    rmSync(dir.dir, { recursive: true, force: true });
    console.log(`removed ${dir.dir}`);
  } else {
    console.log(`kept ${dir.dir} (state, PKI, kubeconfig, fault ledger; --purge removes it)`);
  }
  return 0;
}
