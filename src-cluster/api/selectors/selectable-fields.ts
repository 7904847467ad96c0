/**
 * Which fields each resource can be selected on, and their string values — upstream's
 * per-registry "selectable fields" (ToSelectableFields / field label conversion). Every kind has
 * metadata.name and metadata.namespace ("" for cluster-scoped objects); the rest are listed here.
 */
import type { KubeObject } from '../object';
import type { ResourceInfo } from '../resources';
import { SelectorError } from './errors';
import type { FieldSelector, Fields } from './field-selector';

type Extractor = (obj: KubeObject) => string;
type FieldTable = Readonly<Record<string, Extractor>>;

/** Reads a dotted path from an object; missing or non-scalar values read as undefined. */
function at(obj: unknown, path: string): string | undefined {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return typeof cur === 'string' || typeof cur === 'number' || typeof cur === 'boolean'
    ? String(cur)
    : undefined;
}

const str =
  (...paths: string[]): Extractor =>
  (o) => {
    for (const p of paths) {
      const v = at(o, p);
      if (v !== undefined && v !== '') return v;
    }
    return '';
  };
/** Booleans print as "true"/"false"; absent means false (Go's zero value). */
const bool =
  (path: string): Extractor =>
  (o) =>
    at(o, path) === 'true' ? 'true' : 'false';
/** Integers print in decimal; absent means 0. */
const int =
  (path: string): Extractor =>
  (o) =>
    at(o, path) ?? '0';

const META: FieldTable = {
  'metadata.name': str('metadata.name'),
  'metadata.namespace': str('metadata.namespace'),
};

const POD: FieldTable = {
  'spec.nodeName': str('spec.nodeName'),
  'spec.restartPolicy': str('spec.restartPolicy'),
  'spec.schedulerName': str('spec.schedulerName'),
  'spec.serviceAccountName': str('spec.serviceAccountName'),
  'spec.hostNetwork': bool('spec.hostNetwork'),
  'status.phase': str('status.phase'),
  // The first of status.podIPs is the primary IP; status.podIP mirrors it.
  'status.podIP': str('status.podIPs.0.ip', 'status.podIP'),
  'status.nominatedNodeName': str('status.nominatedNodeName'),
};

/**
 * core/v1 Event fields. The same stored events are served as events.k8s.io/v1 too, so each
 * extractor reads either shape (involvedObject/source vs regarding/reportingController).
 */
function eventFields(ref: 'involvedObject' | 'regarding'): FieldTable {
  const subject = (f: string) => str(`involvedObject.${f}`, `regarding.${f}`);
  const out: Record<string, Extractor> = {
    reason: str('reason'),
    type: str('type'),
  };
  for (const f of [
    'kind',
    'namespace',
    'name',
    'uid',
    'apiVersion',
    'resourceVersion',
    'fieldPath',
  ]) {
    out[`${ref}.${f}`] = subject(f);
  }
  if (ref === 'involvedObject') {
    out.reportingComponent = str('reportingComponent', 'reportingController');
    out.source = str(
      'source.component',
      'deprecatedSource.component',
      'reportingComponent',
      'reportingController',
    );
  } else {
    out.reportingController = str('reportingController', 'reportingComponent');
  }
  return out;
}

const TABLES: ReadonlyMap<string, FieldTable> = new Map<string, FieldTable>([
  ['/pods', POD],
  ['/nodes', { 'spec.unschedulable': bool('spec.unschedulable') }],
  ['/events', eventFields('involvedObject')],
  ['events.k8s.io/events', eventFields('regarding')],
  ['/secrets', { type: str('type') }],
  ['/namespaces', { 'status.phase': str('status.phase') }],
  ['apps/replicasets', { 'status.replicas': int('status.replicas') }],
  ['batch/jobs', { 'status.successful': int('status.successful') }],
]);

function tableFor(info: Pick<ResourceInfo, 'group' | 'resource'>): FieldTable {
  return { ...META, ...(TABLES.get(`${info.group}/${info.resource}`) ?? {}) };
}

/** The field labels `info`'s resource can be selected on, sorted. */
export function supportedFieldLabels(info: Pick<ResourceInfo, 'group' | 'resource'>): string[] {
  return Object.keys(tableFor(info)).sort();
}

/**
 * The selectable fields of `obj` (a `info` resource) with their string values, ready for
 * FieldSelector.matches. Absent values are "" (booleans "false", counts "0"), as upstream.
 */
export function fieldSetFor(
  info: Pick<ResourceInfo, 'group' | 'resource'>,
  obj: KubeObject,
): Fields {
  const out: Record<string, string> = {};
  for (const [field, extract] of Object.entries(tableFor(info))) out[field] = extract(obj);
  return out;
}

/**
 * Throws SelectorError "field label not supported: <field>" for the first term naming a field the
 * resource does not expose (the API server's 400 BadRequest).
 */
export function validateFieldSelector(
  info: Pick<ResourceInfo, 'group' | 'resource'>,
  sel: FieldSelector,
): void {
  const table = tableFor(info);
  for (const r of sel.requirements) {
    if (!Object.prototype.hasOwnProperty.call(table, r.field)) {
      throw new SelectorError(`field label not supported: ${r.field}`);
    }
  }
}
