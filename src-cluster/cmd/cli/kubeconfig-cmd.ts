/** `kubelab kubeconfig`: prints the path of the cluster's admin kubeconfig. */
import { existsSync } from 'node:fs';
import { flagsHelp, FlagError, type FlagSpec } from '../flags';
import { DATA_DIR_FLAG, HELP_FLAG, splitArgs } from './args';
import { ClusterDir } from './cluster-dir';

const SPECS: FlagSpec[] = [DATA_DIR_FLAG, HELP_FLAG];

export async function runKubeconfig(args: string[]): Promise<number> {
  const { positional, flags } = splitArgs(args, SPECS);
  if (flags.help) {
    console.log(flagsHelp('kubeconfig', "Prints the cluster's kubeconfig path.", SPECS));
    return 0;
  }
  if (positional.length) throw new FlagError(`unexpected argument "${positional[0]}"`);
  const dir = new ClusterDir(String(flags['data-dir']));
  if (!existsSync(dir.kubeconfig)) {
    console.error(`kubelab kubeconfig: no kubeconfig in ${dir.dir} yet (run: npx kubelab up)`);
    return 1;
  }
  console.log(dir.kubeconfig);
  return 0;
}
