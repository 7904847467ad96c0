/**
 * The resources the workload controllers (Deployment, ReplicaSet, DaemonSet) and the garbage
 * collector name, looked up once from the API table. The owner-reference kinds live here too, so
 * every ownerReference a controller writes carries the same apiVersion/kind its owner serves.
 */
import { RESOURCES, type ResourceInfo } from '../../api/resources';

function lookup(group: string, resource: string): ResourceInfo {
  const info = RESOURCES.find((r) => r.group === group && r.resource === resource);
  if (!info) throw new Error(`resource ${resource}.${group} is not in the API table`);
  return info;
}

export const DEPLOYMENT_RESOURCE = lookup('apps', 'deployments');
export const REPLICA_SET_RESOURCE = lookup('apps', 'replicasets');
export const DAEMON_SET_RESOURCE = lookup('apps', 'daemonsets');
export const POD_RESOURCE = lookup('', 'pods');
export const NODE_RESOURCE = lookup('', 'nodes');

/** apiVersion + kind as an ownerReference (and an Event's involvedObject) spells them. */
export interface GroupVersionKind {
  apiVersion: string;
  kind: string;
}

export const DEPLOYMENT_KIND: GroupVersionKind = { apiVersion: 'apps/v1', kind: 'Deployment' };
export const REPLICA_SET_KIND: GroupVersionKind = { apiVersion: 'apps/v1', kind: 'ReplicaSet' };
export const DAEMON_SET_KIND: GroupVersionKind = { apiVersion: 'apps/v1', kind: 'DaemonSet' };
