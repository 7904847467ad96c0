/** The API resources the scheduler reads and writes, looked up once from the API's table. */
import { RESOURCES, type ResourceInfo } from '../api/resources';

const find = (group: string, resource: string): ResourceInfo => {
  const r = RESOURCES.find((x) => x.group === group && x.resource === resource);
  if (!r) throw new Error(`resource ${resource}.${group} is not served`);
  return r;
};

export const PODS = find('', 'pods');
export const NODES = find('', 'nodes');
export const SERVICES = find('', 'services');
export const REPLICA_SETS = find('apps', 'replicasets');
