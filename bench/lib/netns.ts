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

  async create(): Promise<void> {
    await mustRun(execRunner(), 'ip', ['netns', 'add', this.name]);
    this.created = true;
    await mustRun(this.runner, 'ip', ['link', 'set', 'lo', 'up']);
  }

  /** Runs a program inside the namespace; throws with its stderr on a non-zero exit. */
  sh(program: string, ...args: string[]): Promise<string> {
    return mustRun(this.runner, program, args);
  }

  /** Deletes the namespace (its rules go with it). Safe to call twice or before create(). */
  async destroy(): Promise<void> {
    if (!this.created) return;
    this.created = false;
    await mustRun(execRunner(), 'ip', ['netns', 'del', this.name]);
  }
}
