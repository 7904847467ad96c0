/**
 * Stopping and removing by hand: `stop`/`rm` for containers, `stopp`/`rmp` for pod sandboxes, each
 * taking unique id prefixes or -a/--all. As in crictl: `stop` waits --timeout seconds after SIGTERM
 * (0: kill at once) and prints each id; `rm` refuses a running container unless -f and deletes its
 * log file (and rotations) unless --keep-logs; `rmp` refuses a ready sandbox unless -f. Removing a
 * sandbox goes through ContainerdRuntime, so kubelab's pod cgroup goes with it.
 */
import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ParsedArgs } from '../args';
import type { CrictlClient } from '../client';
import type { Subcommand } from '../command';
import type { CrictlIO } from '../context';
import { resolveContainerId, resolvePodId } from '../resolve';

const ALL = { name: 'all', short: 'a', kind: 'bool' } as const;

async function targets(
  a: ParsedArgs,
  io: CrictlIO,
  kind: string,
  listAll: () => Promise<string[]>,
  resolve: (p: string) => Promise<string>,
): Promise<string[]> {
  if (a.bool('all')) {
    if (a.positional.length) throw new Error(`cannot specify ${kind} IDs when using --all`);
    const ids = await listAll();
    if (!ids.length) io.err(`No ${kind}s to act on\n`);
    return ids;
  }
  if (!a.positional.length)
    throw new Error(`you must specify at least one ${kind} ID or use --all`);
  return Promise.all(a.positional.map(resolve));
}

export const stop: Subcommand = {
  name: 'stop',
  summary: 'Stop one or more running containers',
  argsUsage: 'CONTAINER-ID [CONTAINER-ID...]',
  opts: [
    {
      name: 'timeout',
      short: 't',
      kind: 'int',
      help: 'seconds to wait to kill the container after a graceful stop is requested',
      default: '0',
    },
    { ...ALL, help: 'stop all running containers' },
  ],
  async run({ client, io }, a) {
    const rt = client.runtime;
    const ids = await targets(
      a,
      io,
      'container',
      async () =>
        (
          await rt.listContainers({ filter: { state: { state: 'CONTAINER_RUNNING' } } })
        ).containers.map((c) => c.id),
      (p) => resolveContainerId(rt, p),
    );
    for (const id of ids) {
      await rt.stopContainer({ containerId: id, timeout: a.int('timeout') }).catch((e: Error) => {
        throw new Error(`stopping the container "${id}": ${e.message}`);
      });
      io.out(`${id}\n`);
    }
    return 0;
  },
};

/** A container's CRI log and its rotations (`<file>.<suffix>`), as crictl deletes them. */
function removeLogs(logPath: string): void {
  if (!logPath) return;
  const dir = dirname(logPath);
  const base = basename(logPath);
  let rotated: string[] = [];
  try {
    rotated = readdirSync(dir).filter((f) => f.startsWith(`${base}.`));
  } catch {
    // No directory, no logs.
  }
  for (const f of [...rotated.map((r) => join(dir, r)), logPath]) rmSync(f, { force: true });
}

export const rm: Subcommand = {
  name: 'rm',
  summary: 'Remove one or more containers',
  argsUsage: 'CONTAINER-ID [CONTAINER-ID...]',
  opts: [
    {
      name: 'force',
      short: 'f',
      kind: 'bool',
      help: 'force removal of the container, disregarding if running',
    },
    {
      name: 'keep-logs',
      short: 'k',
      kind: 'bool',
      help: 'preserve the container log file and its rotations',
    },
    { ...ALL, help: 'remove all containers' },
  ],
  async run({ client, io }, a) {
    const rt = client.runtime;
    const ids = await targets(
      a,
      io,
      'container',
      async () => (await rt.listContainers({})).containers.map((c) => c.id),
      (p) => resolveContainerId(rt, p),
    );
    for (const id of ids) {
      const { status } = await rt.containerStatus({ containerId: id });
      if (status.state === 'CONTAINER_RUNNING') {
        if (!a.bool('force')) throw new Error(`container "${id}" is running, please stop it first`);
        await rt.stopContainer({ containerId: id, timeout: 0 });
      }
      await rt.removeContainer({ containerId: id });
      if (!a.bool('keep-logs')) removeLogs(status.logPath);
      io.out(`${id}\n`);
    }
    return 0;
  },
};

export const stopp: Subcommand = {
  name: 'stopp',
  summary: 'Stop one or more running pods',
  argsUsage: 'POD-ID [POD-ID...]',
  opts: [],
  async run({ client, io }, a) {
    if (!a.positional.length) throw new Error('you must specify at least one POD-ID');
    for (const p of a.positional) {
      const id = await resolvePodId(client.runtime, p);
      await client.runtime.stopPodSandbox({ podSandboxId: id });
      io.out(`Stopped sandbox ${id}\n`);
    }
    return 0;
  },
};

export const rmp: Subcommand = {
  name: 'rmp',
  summary: 'Remove one or more pods',
  argsUsage: 'POD-ID [POD-ID...]',
  opts: [
    {
      name: 'force',
      short: 'f',
      kind: 'bool',
      help: 'force removal of the pod sandbox, disregarding if running',
    },
    { ...ALL, help: 'remove all pods' },
  ],
  async run({ client, io }, a) {
    const rt = client.runtime;
    const ids = await targets(
      a,
      io,
      'pod',
      async () => (await rt.listPodSandbox({})).items.map((p) => p.id),
      (p) => resolvePodId(rt, p),
    );
    for (const id of ids) await removePod(client, id, a.bool('force'), io);
    return 0;
  },
};

async function removePod(client: CrictlClient, id: string, force: boolean, io: CrictlIO) {
  const rt = client.runtime;
  const { status } = await rt.podSandboxStatus({ podSandboxId: id });
  if (status.state === 'SANDBOX_READY') {
    if (!force) throw new Error(`pod sandbox "${id}" is running, please stop it first`);
    await rt.stopPodSandbox({ podSandboxId: id });
    io.out(`Stopped sandbox ${id}\n`);
  }
  await rt.removePodSandbox({ podSandboxId: id });
  io.out(`Removed sandbox ${id}\n`);
}
