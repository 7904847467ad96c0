/**
 * Leaving the machine as it was: what the host node's stop() does, and what a later `kubelab up` or
 * `kubelab down` does when the cluster process died without stopping it (a crash, SIGKILL, a power
 * cut). Everything the node put on the machine is recorded in `<dataDir>/host-node/node.json` before
 * it is created, so the same teardown runs from that record alone:
 *
 * 1. every pod sandbox stopped and removed through CRI (killing containerd first would leave the
 *    shims, their containers and mounts running — vm-and-host.md gotcha 9);
 * 2. containerd stopped (SIGTERM, then SIGKILL) — only the pid we started, and only while it is
 *    still the containerd started with our config;
 * 3. the CNI bridge deleted, pod netns files unmounted, the pod cgroup root removed in every
 *    hierarchy, ip_forward restored.
 * kube-proxy's KUBE-* chains and the node agent's routes have their own cleanups (proxy/iptables
 * /cleanup.ts, netagent), which the caller runs too.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContainerdRuntime } from '../kubelet/cri/containerd/containerd-runtime';
import { removeCgroup } from '../kubelet/cri/containerd/pod-cgroups';
import type { ContainerdPaths } from './containerd-config';

/** What the host node has put on this machine (written before each thing is created). */
export interface HostNodeRecord {
  containerdPid?: number;
  socket: string;
  bridge: string;
  cgroupRoot: string;
  /** /proc/sys/net/ipv4/ip_forward before the node started (the bridge plugin sets it to 1). */
  ipForward: string;
  /** The containerd config file: proves a pid is still our containerd. */
  config: string;
  netnsDir: string;
}

export function recordPath(dir: string): string {
  return join(dir, 'node.json');
}

export function readRecord(dir: string): HostNodeRecord | undefined {
  try {
    return JSON.parse(readFileSync(recordPath(dir), 'utf8')) as HostNodeRecord;
  } catch {
    return undefined;
  }
}

export function writeRecord(dir: string, r: HostNodeRecord): void {
  writeFileSync(recordPath(dir), JSON.stringify(r, null, 2) + '\n');
}

/** Whether `pid` is alive and is containerd running with `config`. */
export function isOurContainerd(pid: number | undefined, config: string): boolean {
  if (!pid) return false;
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return argv[0]?.endsWith('containerd') === true && argv.includes(config);
  } catch {
    return false;
  }
}

async function exited(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!existsSync(`/proc/${pid}`)) return true;
    // A zombie child of ours counts as gone (its parent reaps it).
    try {
      if (/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'))) return true;
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** Stops and removes every pod sandbox through CRI; errors are collected, not thrown. */
export async function removeAllPods(socket: string, problems: string[]): Promise<void> {
  const rt = new ContainerdRuntime(socket, { requestTimeoutMs: 30_000 });
  try {
    const { items } = await rt.listPodSandbox({});
    for (const sb of items) {
      try {
        await rt.stopPodSandbox({ podSandboxId: sb.id });
        await rt.removePodSandbox({ podSandboxId: sb.id });
      } catch (e) {
        problems.push(`pod sandbox ${sb.id.slice(0, 12)}: ${(e as Error).message}`);
      }
    }
  } catch (e) {
    problems.push(`listing pod sandboxes: ${(e as Error).message}`);
  } finally {
    rt.close();
  }
}

/** Unmounts and removes netns files containerd left under its state dir. */
function removeNetns(netnsDir: string): void {
  if (!existsSync(netnsDir)) return;
  for (const f of readdirSync(netnsDir)) {
    const p = join(netnsDir, f);
    spawnSync('umount', [p]);
    rmSync(p, { force: true });
  }
}

/**
 * Runs the whole teardown for a record; returns what could not be cleaned (empty = all clean).
 * Safe to run twice, and on a record whose containerd is already gone.
 */
export async function teardownHostNode(
  dir: string,
  rec: HostNodeRecord,
  paths?: ContainerdPaths,
): Promise<string[]> {
  const problems: string[] = [];
  const ours = isOurContainerd(rec.containerdPid, rec.config);
  if (ours) {
    await removeAllPods(rec.socket, problems);
    process.kill(rec.containerdPid!, 'SIGTERM');
    if (!(await exited(rec.containerdPid!, 5000))) {
      process.kill(rec.containerdPid!, 'SIGKILL');
      await exited(rec.containerdPid!, 2000);
    }
  }
  removeNetns(rec.netnsDir);
  const link = spawnSync('ip', ['link', 'del', rec.bridge], { encoding: 'utf8' });
  if (link.status !== 0 && !/Cannot find device|does not exist/.test(link.stderr)) {
    problems.push(`ip link del ${rec.bridge}: ${link.stderr.trim()}`);
  }
  const busy = removeCgroup(rec.cgroupRoot);
  if (busy.length) problems.push(`cgroups still in use: ${busy.join(', ')}`);
  if (rec.ipForward === '0' || rec.ipForward === '1') {
    writeFileSync('/proc/sys/net/ipv4/ip_forward', rec.ipForward);
  }
  // The IPAM leases and the generated conflist belong to this run only.
  if (paths) {
    rmSync(paths.cniIpamDir, { recursive: true, force: true });
    rmSync(paths.cniConfDir, { recursive: true, force: true });
  }
  if (problems.length === 0) rmSync(recordPath(dir), { force: true });
  return problems;
}
