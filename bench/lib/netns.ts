/**
 * A throwaway network namespace for the iptables benchmark: the project's iptables backend writes
 * real rules into the real kernel, but into this namespace's own netfilter tables, so the host's
 * rules are never touched. Every command goes through `ip netns exec <name>` (the backend's
 * CommandRunner seam). destroy() deletes the namespace and with it every rule written there.
 */
import { existsSync } from 'node:fs';
import {
  execRunner,
  mustRun,
  type CommandRunner,
} from '../../src-cluster/proxy/iptables/command-runner';
import { leaveBehind } from './reaper';

const TOOLS: [path: string, pkg: string][] = [
  ['/usr/sbin/ip', 'iproute2'],
  ['/usr/sbin/iptables-restore', 'iptables'],
  ['/usr/sbin/iptables-save', 'iptables'],
];

/** Why this machine cannot create a namespace and program iptables in it, or undefined. */
export function netnsMissing(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (ip netns add, iptables-restore)';
  const missing = [...new Set(TOOLS.filter(([p]) => !existsSync(p)).map(([, pkg]) => pkg))];
  if (missing.length) return `missing apt package(s): apt-get install -y ${missing.join(' ')}`;
  return undefined;
}

export class BenchNetns {
  readonly name = `kubelab-bench-${process.pid}`;
  readonly runner: CommandRunner = execRunner(['ip', 'netns', 'exec', this.name]);
  private created = false;
  private unreap = () => {};

  async create(): Promise<void> {
    await mustRun(execRunner(), 'ip', ['netns', 'add', this.name]);
    this.created = true;
    // Should this process die before destroy(), the bench's watchdog deletes it.
    this.unreap = leaveBehind({ kind: 'netns', name: this.name });
    await mustRun(this.runner, 'ip', ['link', 'set', 'lo', 'up']);
  }

  /** Runs a program inside the namespace; throws with its stderr on a non-zero exit. */
  sh(program: string, ...args: string[]): Promise<string> {
    return mustRun(this.runner, program, args);
  }

  private destroying: Promise<void> | undefined;

  /**
   * Deletes the namespace (its rules go with it). Safe before create(); a second caller (Ctrl-C's
   * handler and a finally) waits for the same deletion.
   */
  destroy(): Promise<void> {
    if (!this.created) return Promise.resolve();
    return (this.destroying ??= (async () => {
      await mustRun(execRunner(), 'ip', ['netns', 'del', this.name]);
      this.created = false;
      this.unreap();
    })());
  }
}
