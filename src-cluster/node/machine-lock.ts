/**
 * One host node per machine: the bridge `kubelab0`, the pod cgroup root, the route protocol 77 and
 * the root network namespace's KUBE-* chains are machine-wide, so a second `up --host-node` from
 * another data dir would tear the first one's network down on its way out. The lock file
 * `/run/kubelab-host-node.json` names the data dir and cluster process holding the machine; a
 * live holder from another data dir is refused with the command that stops it, a dead holder's
 * lock is taken over (its leftovers are that data dir's to recover — the message says how).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { HostNodeUnavailableError } from './requirements';

export const MACHINE_LOCK = '/run/kubelab-host-node.json';

interface Holder {
  pid: number;
  dataDir: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holder(file: string): Holder | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Holder;
  } catch {
    return undefined;
  }
}

/**
 * Takes the machine for `dataDir`; returns the previous holder's data dir when it died without
 * releasing (so the caller can point at its leftovers).
 */
export function lockMachine(dataDir: string, file = MACHINE_LOCK): string | undefined {
  const h = holder(file);
  if (h && h.dataDir !== dataDir && h.pid !== process.pid && alive(h.pid)) {
    throw new HostNodeUnavailableError(
      `another kubelab host node runs on this machine (data dir ${h.dataDir}, pid ${h.pid}); ` +
        `stop it first: npx kubelab down --data-dir ${h.dataDir}`,
    );
  }
  writeFileSync(file, JSON.stringify({ pid: process.pid, dataDir }) + '\n');
  return h && h.dataDir !== dataDir && !alive(h.pid) ? h.dataDir : undefined;
}

/** Releases the machine if `dataDir` holds it. */
export function unlockMachine(dataDir: string, file = MACHINE_LOCK): void {
  if (holder(file)?.dataDir === dataDir) rmSync(file, { force: true });
}
