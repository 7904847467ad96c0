/**
 * `kubelab status`: the running cluster at a glance — every component's health (from the cluster
 * process), who leads the scheduler, controller manager and cloud controller (read from their
 * Leases through the API, as `kubectl get lease -n kube-system` would show), and each node's
 * conditions and taints.
 */
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Node } from 'kubernetes-types/core/v1';
import { RESOURCES } from '../../api/resources';
import { clientFromKubeconfig, isNotFound } from '../../client';
import type { ComponentHealth } from '../cluster/health';
import { FlagError, flagsHelp, type FlagSpec } from '../flags';
import { DATA_DIR_FLAG, HELP_FLAG, splitArgs } from './args';
import { ClusterDir } from './cluster-dir';
import { callControl, controlOf } from './control-client';

const SPECS: FlagSpec[] = [DATA_DIR_FLAG, HELP_FLAG];
const LEASES = RESOURCES.find((r) => r.resource === 'leases')!;
const NODES = RESOURCES.find((r) => r.resource === 'nodes')!;
const ELECTED = ['kube-scheduler', 'kube-controller-manager', 'cloud-controller-manager'];

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export async function runStatus(args: string[]): Promise<number> {
  const { positional, flags } = splitArgs(args, SPECS);
  if (flags.help) {
    console.log(flagsHelp('status', 'Shows components, leaders and nodes.', SPECS));
    return 0;
  }
  if (positional.length) throw new FlagError(`unexpected argument "${positional[0]}"`);
  const dir = new ClusterDir(String(flags['data-dir']));
  const info = controlOf(dir);
  const status = await callControl<{ components: ComponentHealth[]; server: string }>(
    info,
    'GET',
    '/status',
  );
  console.log(`cluster ${dir.dir} (pid ${info.pid}), API ${status.server}\n`);
  console.log('COMPONENTS');
  console.log(
    table([
      ['COMPONENT', 'NODE', 'HEALTH', 'LEADER', 'DETAIL'],
      ...status.components.map((c) => [
        c.component,
        c.node,
        c.healthy ? 'healthy' : 'DOWN',
        c.leader === undefined ? '' : c.leader ? 'yes' : 'no',
        c.detail ?? c.identity ?? '',
      ]),
    ]),
  );

  const { client, close } = clientFromKubeconfig(dir.kubeconfig, { component: 'kubelab-status' });
  try {
    console.log('\nLEADERS (Leases in kube-system)');
    const rows = [['LEASE', 'HOLDER', 'RENEWED', 'TRANSITIONS']];
    for (const name of ELECTED) {
      try {
        const l = await client.resource<Lease>(LEASES).namespace('kube-system').get(name);
        rows.push([
          name,
          l.spec?.holderIdentity || '(none)',
          l.spec?.renewTime ?? '',
          String(l.spec?.leaseTransitions ?? 0),
        ]);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        rows.push([name, '(no lease yet)', '', '']);
      }
    }
    console.log(table(rows));

    console.log('\nNODES');
    const nodes = (await client.resource<Node>(NODES).list()).items;
    console.log(
      table([
        ['NODE', 'CONDITIONS', 'TAINTS'],
        ...nodes.map((n) => [
          n.metadata!.name!,
          (n.status?.conditions ?? []).map((c) => `${c.type}=${c.status}`).join(' '),
          (n.spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`).join(' ') || '-',
        ]),
      ]),
    );
  } finally {
    close();
  }
  return 0;
}
