/**
 * The table of contents: which printer each served resource uses, keyed by "group/resource"
 * ("" for core). A resource missing here — including any custom resource — gets the default
 * Name / Created At printer.
 */
import type { ResourceInfo } from '../resources';
import { componentStatusPrinter, leasePrinter } from './cluster-state';
import { configMapPrinter, secretPrinter, serviceAccountPrinter } from './config';
import { defaultPrinter } from './default';
import { endpointSlicePrinter } from './endpoint-slice';
import { eventPrinter, eventsV1Printer } from './event';
import { jobPrinter } from './job';
import { namespacePrinter } from './namespace';
import { nodePrinter } from './node';
import { podPrinter } from './pod';
import { rolePrinter, roleBindingPrinter } from './rbac';
import { endpointsPrinter, servicePrinter } from './service';
import type { Printer } from './table';
import { daemonSetPrinter, deploymentPrinter, replicaSetPrinter } from './workloads';

const PRINTERS: ReadonlyMap<string, Printer> = new Map([
  // core/v1
  ['/pods', podPrinter],
  ['/nodes', nodePrinter],
  ['/namespaces', namespacePrinter],
  ['/services', servicePrinter],
  ['/endpoints', endpointsPrinter],
  ['/configmaps', configMapPrinter],
  ['/secrets', secretPrinter],
  ['/serviceaccounts', serviceAccountPrinter],
  ['/events', eventPrinter],
  ['/componentstatuses', componentStatusPrinter],
  // apps/v1
  ['apps/deployments', deploymentPrinter],
  ['apps/replicasets', replicaSetPrinter],
  ['apps/daemonsets', daemonSetPrinter],
  // batch/v1
  ['batch/jobs', jobPrinter],
  // coordination.k8s.io/v1
  ['coordination.k8s.io/leases', leasePrinter],
  // discovery.k8s.io/v1
  ['discovery.k8s.io/endpointslices', endpointSlicePrinter],
  // events.k8s.io/v1: same rows as core/v1 events
  ['events.k8s.io/events', eventsV1Printer],
  // rbac.authorization.k8s.io/v1
  ['rbac.authorization.k8s.io/roles', rolePrinter],
  ['rbac.authorization.k8s.io/clusterroles', rolePrinter],
  ['rbac.authorization.k8s.io/rolebindings', roleBindingPrinter],
  ['rbac.authorization.k8s.io/clusterrolebindings', roleBindingPrinter],
]);

/** The printer for a resource; the default printer when it has none of its own. */
export function printerFor(info: Pick<ResourceInfo, 'group' | 'resource'>): Printer {
  return PRINTERS.get(`${info.group}/${info.resource}`) ?? defaultPrinter;
}

/** True when the resource has a printer of its own (used to check every served kind is covered). */
export function hasOwnPrinter(info: Pick<ResourceInfo, 'group' | 'resource'>): boolean {
  return PRINTERS.has(`${info.group}/${info.resource}`);
}
