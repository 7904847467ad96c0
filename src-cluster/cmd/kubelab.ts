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
