/**
 * Deployments, ReplicaSets and DaemonSets: desired versus observed replica counts, the numbers a
 * user watches during a rollout. Every count is an integer cell; wide adds the pod template's
 * containers and images and the selector.
 */
import type { DaemonSet, Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { AGE_COLUMN, column, nameColumn, WORKLOAD_WIDE_COLUMNS } from './columns';
import { ageSince } from './duration';
import { containerCells, formatLabels, formatSelector, selectorString } from './format';
import { definePrinter } from './table';

export const deploymentPrinter = definePrinter<Deployment>(
  [
    nameColumn(),
    column('Ready', 'Ready pods out of the desired replicas.'),
    column('Up-to-date', 'Pods already running the current template.', 'integer'),
    column('Available', 'Pods ready for at least minReadySeconds.', 'integer'),
    AGE_COLUMN,
    ...WORKLOAD_WIDE_COLUMNS,
  ],
  (d, now) => {
    const st = d.status ?? {};
    // spec.replicas is defaulted to 1 on write; an object that skipped defaulting means the same.
    const desired = d.spec?.replicas ?? 1;
    return [
      d.metadata?.name ?? '',
      `${st.readyReplicas ?? 0}/${desired}`,
      st.updatedReplicas ?? 0,
      st.availableReplicas ?? 0,
      ageSince(d.metadata?.creationTimestamp, now),
      ...containerCells(d.spec?.template?.spec?.containers),
      // Deployments print an empty selector as "" (others print <none>) — upstream's quirk, kept.
      selectorString(d.spec?.selector),
    ];
  },
);

export const replicaSetPrinter = definePrinter<ReplicaSet>(
  [
    nameColumn(),
    column('Desired', 'Replicas asked for in the spec.', 'integer'),
    column('Current', 'Pods that exist now.', 'integer'),
    column('Ready', 'Pods that are ready.', 'integer'),
    AGE_COLUMN,
    ...WORKLOAD_WIDE_COLUMNS,
  ],
  (rs, now) => [
    rs.metadata?.name ?? '',
    rs.spec?.replicas ?? 1,
    rs.status?.replicas ?? 0,
    rs.status?.readyReplicas ?? 0,
    ageSince(rs.metadata?.creationTimestamp, now),
    ...containerCells(rs.spec?.template?.spec?.containers),
    formatSelector(rs.spec?.selector),
  ],
);

export const daemonSetPrinter = definePrinter<DaemonSet>(
  [
    nameColumn(),
    column('Desired', 'Nodes that should run the daemon pod.', 'integer'),
    column('Current', 'Nodes running at least one daemon pod.', 'integer'),
    column('Ready', 'Nodes whose daemon pod is ready.', 'integer'),
    column('Up-to-date', 'Nodes running the current template.', 'integer'),
    column('Available', 'Nodes whose daemon pod is available.', 'integer'),
    column('Node Selector', 'Labels a node needs to get a daemon pod.'),
    AGE_COLUMN,
    ...WORKLOAD_WIDE_COLUMNS,
  ],
  (ds, now) => {
    const st = ds.status;
    return [
      ds.metadata?.name ?? '',
      st?.desiredNumberScheduled ?? 0,
      st?.currentNumberScheduled ?? 0,
      st?.numberReady ?? 0,
      st?.updatedNumberScheduled ?? 0,
      st?.numberAvailable ?? 0,
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
      ageSince(ds.metadata?.creationTimestamp, now),
      ...containerCells(ds.spec?.template?.spec?.containers),
      formatSelector(ds.spec?.selector),
    ];
  },
);
