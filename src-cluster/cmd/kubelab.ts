/**
 * `kubelab <command>`: the project's one command-line entry (package.json bin). Each subcommand is
 * a composition root in its own file; this file only dispatches.
 */
import { runApiserver } from './apiserver';

type Command = { summary: string; run: (args: string[]) => Promise<number> };

const COMMANDS: Record<string, Command> = {
  ui: { summary: 'the app in a browser', run: async (a) => (await import('./ui')).runUi(a) },
  apiserver: {
    summary: 'run the Kubernetes API server on a SQLite or etcd store',
    run: runApiserver,
  },
  // The no-VM cluster. Loaded on demand so `kubelab apiserver` does not pay for the whole cluster.
  up: {
    summary: 'start a no-VM cluster (background; --foreground to stay attached)',
    run: async (a) => (await import('./cli/up')).runUp(a),
  },
  down: {
    summary: 'stop the cluster (reverts every fault first; --purge deletes its data)',
    run: async (a) => (await import('./cli/down')).runDown(a),
  },
  status: {
    summary: 'components, leaders and node conditions of the running cluster',
    run: async (a) => (await import('./cli/status')).runStatus(a),
  },
  kubeconfig: {
    summary: "print the cluster's kubeconfig path",
    run: async (a) => (await import('./cli/kubeconfig-cmd')).runKubeconfig(a),
  },
  fault: {
    summary: 'break something: stop-kubelet, crash-container, kill-scheduler, … ("fault list")',
    run: async (a) => (await import('./cli/fault')).runFault(a),
  },
  revert: {
    summary: 'undo a fault (<id>) or all of them (--all)',
    run: async (a) => (await import('./cli/fault')).runRevert(a),
  },
  crictl: {
    summary: "inspect the node's container runtime (crictl's commands: ps, pods, logs, exec, …)",
    run: async (a) => (await import('../crictl')).runCrictl(a),
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(12)} ${c.summary}`);
  return `Usage: kubelab <command> [flags]\n\nCommands:\n${lines.join('\n')}\n\nRun "kubelab <command> --help" for a command's flags.`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    console.error(`kubelab: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await cmd.run(rest);
  } catch (err) {
    console.error(`kubelab ${name}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
