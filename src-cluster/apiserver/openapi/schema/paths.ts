/**
 * The `paths` section: a read-only list and get operation per served resource. kubectl never reads
 * paths for explain or validation; they are here so the document is valid Swagger and browsable.
 *
 * Deliberately no PATCH operations: kubectl ≥1.24 looks for a PATCH operation with a
 * `fieldValidation` parameter to decide the server validates fields itself; finding none, it
 * validates client-side against these definitions, which is what kubelab wants until the API
 * server implements `fieldValidation`.
 */
import { groupVersion, type ResourceInfo } from '../../../api/resources';
import type { GroupVersionKind, Schema } from './builder';

export interface SwaggerParameter {
  name: string;
  in: 'path' | 'query';
  description: string;
  required: boolean;
  type: 'string' | 'boolean' | 'integer';
}

export interface SwaggerResponse {
  description: string;
  schema?: Schema;
}

export interface SwaggerOperation {
  operationId: string;
  description: string;
  produces: string[];
  responses: Record<string, SwaggerResponse>;
  'x-kubernetes-action': 'get' | 'list';
  'x-kubernetes-group-version-kind': GroupVersionKind;
}

export interface SwaggerPathItem {
  get: SwaggerOperation;
  parameters: SwaggerParameter[];
}

const PRODUCES = ['application/json', 'application/yaml'];

const NAMESPACE: SwaggerParameter = {
  name: 'namespace',
  in: 'path',
  description: 'The namespace of the objects.',
  required: true,
  type: 'string',
};
const NAME: SwaggerParameter = {
  name: 'name',
  in: 'path',
  description: 'The name of the object.',
  required: true,
  type: 'string',
};

/** "apps" → "Apps", "rbac.authorization.k8s.io" → "RbacAuthorization", "" → "Core". */
function groupWord(group: string): string {
  if (!group) return 'Core';
  return group
    .replace(/\.k8s\.io$/, '')
    .split('.')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** The definition name of a kind, spelled like upstream ("io.k8s.api.apps.v1.Deployment"). */
export function definitionName(info: Pick<ResourceInfo, 'group' | 'version' | 'kind'>): string {
  const pkg = info.group ? info.group.split('.')[0] : 'core';
  return `io.k8s.api.${pkg}.${info.version}.${info.kind}`;
}

function operation(
  info: ResourceInfo,
  action: 'get' | 'list',
  scope: '' | 'Namespaced' | 'ForAllNamespaces',
): SwaggerOperation {
  const kind = action === 'list' ? info.listKind : info.kind;
  const gv = groupWord(info.group) + info.version.charAt(0).toUpperCase() + info.version.slice(1);
  const id =
    action === 'list'
      ? `list${gv}${scope === 'Namespaced' ? 'Namespaced' : ''}${info.kind}${scope === 'ForAllNamespaces' ? 'ForAllNamespaces' : ''}`
      : `read${gv}${scope}${info.kind}`;
  const def = definitionName(info) + (action === 'list' ? 'List' : '');
  return {
    operationId: id,
    description:
      action === 'list' ? `List or watch objects of kind ${info.kind}.` : `Read one ${info.kind}.`,
    produces: PRODUCES,
    responses: {
      '200': { description: 'OK', schema: { $ref: `#/definitions/${def}` } },
      '401': { description: 'Unauthorized' },
    },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: info.group, version: info.version, kind },
  };
}

/** List and get paths for every resource, in RESOURCES order. */
export function resourcePaths(resources: readonly ResourceInfo[]): Record<string, SwaggerPathItem> {
  const paths: Record<string, SwaggerPathItem> = {};
  for (const info of resources) {
    const base = info.group ? `/apis/${groupVersion(info)}` : `/api/${info.version}`;
    if (info.namespaced) {
      const ns = `${base}/namespaces/{namespace}/${info.resource}`;
      paths[ns] = { get: operation(info, 'list', 'Namespaced'), parameters: [NAMESPACE] };
      paths[`${ns}/{name}`] = {
        get: operation(info, 'get', 'Namespaced'),
        parameters: [NAME, NAMESPACE],
      };
      paths[`${base}/${info.resource}`] = {
        get: operation(info, 'list', 'ForAllNamespaces'),
        parameters: [],
      };
    } else {
      paths[`${base}/${info.resource}`] = { get: operation(info, 'list', ''), parameters: [] };
      paths[`${base}/${info.resource}/{name}`] = {
        get: operation(info, 'get', ''),
        parameters: [NAME],
      };
    }
  }
  return paths;
}
