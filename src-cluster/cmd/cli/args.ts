/**
 * Commands that take positional words as well as flags (`kubelab fault stop-kubelet worker-1
 * --data-dir d`): separates the two, then parses the flags with the shared parser, so unknown
 * flags are still errors.
 */
import { parseFlags, type FlagSpec } from '../flags';

export function splitArgs(
  args: string[],
  specs: FlagSpec[],
): { positional: string[]; flags: Record<string, string | boolean> } {
  const positional: string[] = [];
  const flagArgs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    flagArgs.push(a);
    const name = a.slice(2).split('=')[0];
    const spec = specs.find((s) => s.name === name);
    if (spec && !spec.boolean && !a.includes('=') && i + 1 < args.length) flagArgs.push(args[++i]!);
  }
  return { positional, flags: parseFlags(flagArgs, specs) };
}

export const DATA_DIR_FLAG: FlagSpec = {
  name: 'data-dir',
  help: 'the cluster data dir',
  default: '.kubelab/cluster',
};

export const HELP_FLAG: FlagSpec = { name: 'help', help: 'show this help', boolean: true };
