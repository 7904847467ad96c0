/**
 * What each object tab shows: the columns `kubectl get` would print, computed from the object.
 * Kept as data so the table component stays generic.
 */
import type { KubeObject, ObjectKind } from '../../../src-shared/ipc';

export interface Column {
  title: string;
  value(o: KubeObject, now: number): string;
}

const cond = (o: KubeObject, type: string) =>
  (o.status?.conditions as { type: string; status: string }[] | undefined)?.find(
    (c) => c.type === type,
  )?.status;

export function age(ts: string | undefined, now: number): string {
  if (!ts) return '';
  const s = Math.max(0, Math.round((now - Date.parse(ts)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  return `${Math.floor(s / 3600)}h`;
}

function podStatus(o: KubeObject): string {
  if (o.metadata['deletionTimestamp']) return 'Terminating';
  const waiting = (
    o.status?.containerStatuses as { state?: { waiting?: { reason?: string } } }[] | undefined
  )
    ?.map((c) => c.state?.waiting?.reason)
    .find(Boolean);
  return waiting ?? String(o.status?.phase ?? 'Pending');
}

const name: Column = { title: 'Name', value: (o) => o.metadata.name };
const ns: Column = { title: 'Namespace', value: (o) => o.metadata.namespace ?? '' };
const ageCol: Column = { title: 'Age', value: (o, now) => age(o.metadata.creationTimestamp, now) };

export const COLUMNS: Partial<Record<ObjectKind, Column[]>> = {
  Node: [
    name,
    {
      title: 'Status',
      value: (o) =>
        cond(o, 'Ready') === 'True'
          ? 'Ready'
          : cond(o, 'Ready') === 'False'
            ? 'NotReady'
            : 'Unknown',
    },
    {
      title: 'Roles',
      value: (o) =>
        Object.keys(o.metadata.labels ?? {})
          .filter((l) => l.startsWith('node-role.kubernetes.io/'))
          .map((l) => l.split('/')[1])
          .join(',') || '<none>',
    },
    {
      title: 'Taints',
      value: (o) =>
        ((o.spec?.taints as { key: string }[] | undefined) ?? []).map((t) => t.key).join(', '),
    },
    ageCol,
  ],
  Pod: [
    ns,
    name,
    {
      title: 'Ready',
      value: (o) => {
        const cs = (o.status?.containerStatuses as { ready: boolean }[] | undefined) ?? [];
        const total = (o.spec?.containers as unknown[] | undefined)?.length ?? cs.length;
        return `${cs.filter((c) => c.ready).length}/${total}`;
      },
    },
    { title: 'Status', value: podStatus },
    {
      title: 'Restarts',
      value: (o) =>
        String(
          ((o.status?.containerStatuses as { restartCount?: number }[] | undefined) ?? []).reduce(
            (n, c) => n + (c.restartCount ?? 0),
            0,
          ),
        ),
    },
    { title: 'Node', value: (o) => String(o.spec?.nodeName ?? '') },
    ageCol,
  ],
  Deployment: [
    ns,
    name,
    { title: 'Ready', value: (o) => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}` },
    { title: 'Up-to-date', value: (o) => String(o.status?.updatedReplicas ?? 0) },
    { title: 'Available', value: (o) => String(o.status?.availableReplicas ?? 0) },
    ageCol,
  ],
  ReplicaSet: [
    ns,
    name,
    { title: 'Desired', value: (o) => String(o.spec?.replicas ?? 0) },
    { title: 'Current', value: (o) => String(o.status?.replicas ?? 0) },
    { title: 'Ready', value: (o) => String(o.status?.readyReplicas ?? 0) },
    ageCol,
  ],
  Service: [
    ns,
    name,
    { title: 'Type', value: (o) => String(o.spec?.type ?? 'ClusterIP') },
    { title: 'Cluster-IP', value: (o) => String(o.spec?.clusterIP ?? '') },
    {
      title: 'Ports',
      value: (o) =>
        ((o.spec?.ports as { port: number; protocol?: string }[] | undefined) ?? [])
          .map((p) => `${p.port}/${p.protocol ?? 'TCP'}`)
          .join(','),
    },
    ageCol,
  ],
  Event: [
    ns,
    {
      title: 'Last seen',
      value: (o, now) =>
        age(
          String(o['lastTimestamp'] ?? o['eventTime'] ?? o.metadata.creationTimestamp ?? ''),
          now,
        ),
    },
    { title: 'Type', value: (o) => String(o['type'] ?? '') },
    { title: 'Reason', value: (o) => String(o['reason'] ?? '') },
    {
      title: 'Object',
      value: (o) => {
        const r = o['involvedObject'] as { kind?: string; name?: string } | undefined;
        return r ? `${(r.kind ?? '').toLowerCase()}/${r.name ?? ''}` : '';
      },
    },
    { title: 'Message', value: (o) => String(o['message'] ?? '') },
  ],
};

/** Newest first for events, by namespace/name otherwise. */
export function sortObjects(kind: ObjectKind, list: KubeObject[]): KubeObject[] {
  if (kind === 'Event') {
    const t = (o: KubeObject) =>
      Date.parse(
        String(o['lastTimestamp'] ?? o['eventTime'] ?? o.metadata.creationTimestamp ?? 0),
      ) || 0;
    return [...list].sort((a, b) => t(b) - t(a));
  }
  return [...list].sort((a, b) =>
    `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(
      `${b.metadata.namespace ?? ''}/${b.metadata.name}`,
    ),
  );
}
