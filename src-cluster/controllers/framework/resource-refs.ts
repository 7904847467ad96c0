/**
 * The resources controllers read and write, looked up once from the API table so each
 * controller names them instead of repeating the lookup.
 */
import { RESOURCES, type ResourceInfo } from '../../api/resources';

function find(group: string, resource: string): ResourceInfo {
  const info = RESOURCES.find((r) => r.group === group && r.resource === resource);
  if (!info) throw new Error(`resource ${resource}.${group} is not in the API table`);
  return info;
}

export const NAMESPACES_REF = find('', 'namespaces');
export const NODES_REF = find('', 'nodes');
export const PODS_REF = find('', 'pods');
export const SERVICES_REF = find('', 'services');
export const ENDPOINTS_REF = find('', 'endpoints');
export const SERVICE_ACCOUNTS_REF = find('', 'serviceaccounts');
export const CONFIG_MAPS_REF = find('', 'configmaps');
export const LEASES_REF = find('coordination.k8s.io', 'leases');
export const JOBS_REF = find('batch', 'jobs');
export const ENDPOINT_SLICES_REF = find('discovery.k8s.io', 'endpointslices');
