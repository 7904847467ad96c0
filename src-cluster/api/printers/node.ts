/**
 * Nodes: readiness, roles and the software each node runs. Status reads only the Ready condition
 * (the one that decides scheduling and eviction); other conditions show in `describe`.
 */
import type { Node } from 'kubernetes-types/core/v1';
import { AGE_COLUMN, column, nameColumn, wideColumn } from './columns';
import { ageSince } from './duration';
import { NONE } from './format';
import { definePrinter } from './table';

const COLUMNS = [
  nameColumn(),
  column('Status', 'Ready, NotReady or Unknown, plus SchedulingDisabled when cordoned.'),
  column('Roles', 'Roles from node-role.kubernetes.io/<role> labels.'),
  AGE_COLUMN,
  column('Version', 'Version the kubelet reports.'),
  wideColumn('Internal-IP', 'First InternalIP address of the node.'),
  wideColumn('External-IP', 'First ExternalIP address of the node.'),
  wideColumn('OS-Image', 'Operating system the kubelet reports.'),
  wideColumn('Kernel-Version', 'Kernel version the kubelet reports.'),
  wideColumn('Container-Runtime', 'Container runtime and version, e.g. containerd://1.7.0.'),
];

const ROLE_PREFIX = 'node-role.kubernetes.io/';
/** The older single-valued role label, still honoured by kubectl. */
const LEGACY_ROLE_LABEL = 'kubernetes.io/role';

/** Sorted, de-duplicated role names from a node's labels. */
export function nodeRoles(labels: Readonly<Record<string, string>> | undefined): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX) && k.length > ROLE_PREFIX.length) {
      roles.add(k.slice(ROLE_PREFIX.length));
    } else if (k === LEGACY_ROLE_LABEL && v) {
      roles.add(v);
    }
  }
  return [...roles].sort();
}

function nodeStatus(node: Node): string {
  const ready = (node.status?.conditions ?? []).find((c) => c.type === 'Ready');
  // A Ready condition of False or Unknown both read NotReady; no condition at all is Unknown.
  const parts = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

function address(node: Node, type: string): string {
  return (node.status?.addresses ?? []).find((a) => a.type === type)?.address ?? NONE;
}

export const nodePrinter = definePrinter<Node>(COLUMNS, (node, now) => {
  const info = node.status?.nodeInfo;
  return [
    node.metadata?.name ?? '',
    nodeStatus(node),
    nodeRoles(node.metadata?.labels).join(',') || NONE,
    ageSince(node.metadata?.creationTimestamp, now),
    info?.kubeletVersion ?? '',
    address(node, 'InternalIP'),
    address(node, 'ExternalIP'),
    info?.osImage || '<unknown>',
    info?.kernelVersion || '<unknown>',
    info?.containerRuntimeVersion || '<unknown>',
  ];
});
