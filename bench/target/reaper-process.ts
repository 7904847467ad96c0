/**
 * The bench's watchdog, a detached process of its own (its own process group, so a terminal's
 * Ctrl-C does not reach it). The bench tells it, over the fork IPC channel, what it has set up on
 * the machine (a private containerd with pods, a network namespace, temp dirs) and what it has
 * cleaned up again. If the channel closes while something is still set up — the bench crashed, or
 * was killed (the tsx wrapper SIGKILLs a child that is slow to acknowledge Ctrl-C) — it undoes
 * those things itself, newest first (directories last), then exits. Notes go to <tmpdir>/kubelab-bench-reaper.log.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerdRuntime } from '../../src-cluster/kubelet/cri/containerd/containerd-runtime';

export type Leftover =
  | { kind: 'containerd'; dir: string; socket: string; bridge: string }
  | { kind: 'netns'; name: string }
  | { kind: 'dir'; path: string };

export type ReaperMessage =
  { type: 'add'; id: number; leftover: Leftover } | { type: 'remove'; id: number };

const pending = new Map<number, Leftover>();
const note = (m: string) =>
  appendFileSync(join(tmpdir(), 'kubelab-bench-reaper.log'), `${new Date().toISOString()} ${m}\n`);

/** The pid of the containerd started with exactly this config file, if it still runs. */
function containerdPid(config: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv[0] === '/usr/bin/containerd' && argv.includes(config)) return Number(entry);
    } catch {
      // Gone meanwhile.
    }
  }
  return undefined;
}

async function answering(rt: ContainerdRuntime, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      await rt.version({ version: 'v1' });
      return true;
    } catch {
      if (Date.now() > until) return false;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Every sandbox out through CRI (twice: one being created during the first pass shows up later). */
async function removeSandboxes(rt: ContainerdRuntime, socket: string): Promise<void> {
  for (let pass = 0; pass < 2; pass++) {
    const { items } = await rt.listPodSandbox({});
    for (const sb of items) {
      try {
        await rt.stopPodSandbox({ podSandboxId: sb.id });
        await rt.removePodSandbox({ podSandboxId: sb.id });
      } catch (err) {
        note(`sandbox ${sb.id}: ${String(err)}`);
      }
    }
    note(`pass ${pass + 1}: ${items.length} pod sandbox(es) removed from ${socket}`);
    if (items.length === 0) return;
  }
}

const mountedUnder = (dir: string) =>
  readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .some((l) => l.split(' ')[1]?.startsWith(`${dir}/`));

/** Pods out through CRI first (a killed containerd orphans its shims), then containerd, bridge, dir. */
async function reapContainerd(l: Extract<Leftover, { kind: 'containerd' }>): Promise<void> {
  const config = `${l.dir}/config.toml`;
  if (!existsSync(config)) return;
  // Gone (e.g. it got the Ctrl-C too): start it again on the same state to reach its shims.
  if (containerdPid(config) === undefined) {
    spawn('/usr/bin/containerd', ['--config', config], { stdio: 'ignore' });
  }
  // Loaded only when needed: gRPC and the CRI protos would delay the start, and until this process
  // says it listens, what the bench sets up is not yet covered.
  const { ContainerdRuntime } =
    await import('../../src-cluster/kubelet/cri/containerd/containerd-runtime');
  const rt = new ContainerdRuntime(l.socket);
  try {
    if (await answering(rt, 15_000)) await removeSandboxes(rt, l.socket);
    else note(`containerd on ${l.socket} does not answer`);
  } catch (err) {
    note(`removing the pods from ${l.socket}: ${String(err)}`);
  } finally {
    rt.close();
  }
  const pid = containerdPid(config);
  if (pid !== undefined) {
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 50 && containerdPid(config) !== undefined; i++)
      await new Promise((r) => setTimeout(r, 100));
    if (containerdPid(config) !== undefined) process.kill(pid, 'SIGKILL');
  }
  spawnSync('ip', ['link', 'del', l.bridge]);
  // With pods' mounts still in it, the directory (config.toml included) is what a person needs
  // to finish by hand: keep it and say so.
  if (mountedUnder(l.dir)) note(`left ${l.dir}: mounts remain under it`);
  else rmSync(l.dir, { recursive: true, force: true });
}

async function reap(l: Leftover): Promise<void> {
  if (l.kind === 'containerd') await reapContainerd(l);
  if (l.kind === 'netns') spawnSync('ip', ['netns', 'del', l.name]);
  if (l.kind === 'dir') rmSync(l.path, { recursive: true, force: true });
}

process.on('message', (m: ReaperMessage) => {
  if (m.type === 'add') pending.set(m.id, m.leftover);
  else pending.delete(m.id);
});
process.on('disconnect', () => {
  void (async () => {
    // Newest first, but directories last: containerd may still write into them (container log
    // dirs for creates that were in flight) until its pods are gone.
    const left = [...pending.values()]
      .reverse()
      .sort((a, b) => Number(a.kind === 'dir') - Number(b.kind === 'dir'));
    if (left.length) note(`bench process gone, cleaning up: ${JSON.stringify(left)}`);
    for (const l of left) {
      try {
        await reap(l);
      } catch (err) {
        note(`could not clean ${JSON.stringify(l)}: ${String(err)}`);
      }
    }
    process.exit(0);
  })();
});
// Ctrl-C goes to the bench's process group, not this one; ignore it anyway if it comes.
process.on('SIGINT', () => undefined);
process.send?.({ type: 'listening' });
