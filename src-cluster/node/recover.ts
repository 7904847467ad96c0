/**
 * After a crash of the cluster process (SIGKILL, OOM, power loss) its host node could not clean
 * up: containerd and the pods' shims keep running, and the bridge, cgroups, KUBE-* chains and
 * routes stay. `kubelab down` and `kubelab up` call this: when `<dataDir>/host-node/node.json`
 * says a host node ran here and was never stopped, everything it had is removed — pods through
 * CRI first (host-containerd.ts recoverHostNode), then kube-proxy's chains and the node agent's
 * routes. Nothing is done when there is no record (a clean stop deletes it).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RouteTable } from '../netagent/route-table';
import { cleanupKubeProxyRules } from '../proxy/iptables/cleanup';
import { recoverHostNode } from './host-containerd';
import { removeHostFirewall } from './host-firewall';
import { unlockMachine } from './machine-lock';
import { recordPath } from './teardown';

export interface Recovery {
  /** Whether a host node's leftovers were found. */
  found: boolean;
  /** What could not be cleaned (empty = all clean). */
  problems: string[];
}

export async function recoverAfterCrash(dataDir: string): Promise<Recovery> {
  const dir = join(dataDir, 'host-node');
  if (!existsSync(recordPath(dir))) return { found: false, problems: [] };
  const problems = await recoverHostNode(dir);
  try {
    await new RouteTable().clear();
  } catch (e) {
    problems.push(`routes: ${(e as Error).message}`);
  }
  try {
    await removeHostFirewall();
    await cleanupKubeProxyRules();
  } catch (e) {
    problems.push(`iptables: ${(e as Error).message}`);
  }
  if (problems.length === 0) unlockMachine(dir);
  return { found: true, problems };
}
