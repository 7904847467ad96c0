/**
 * Assembles the Swagger 2.0 document kubelab serves at /openapi/v2: every definition, a
 * `x-kubernetes-group-version-kind` on each served kind (kubectl finds a schema by GVK only), a
 * `<Kind>List` per kind, and the read paths.
 */
import { RESOURCES, type ResourceInfo } from '../../../api/resources';
import { versionInfo } from '../../discovery';
import { APPS_DEFINITIONS } from './apps';
import { BATCH_DEFINITIONS } from './batch';
import { META, objectHeader, ref, refList, struct, type Definitions, type Schema } from './builder';
import { CONTAINER_DEFINITIONS } from './container';
import { COORDINATION_DISCOVERY_EVENTS_DEFINITIONS } from './coordination-discovery-events';
import { CORE_DEFINITIONS } from './core';
import { META_DEFINITIONS } from './meta';
import { NODE_DEFINITIONS } from './node';
import { definitionName, resourcePaths, type SwaggerPathItem } from './paths';
import { POD_DEFINITIONS } from './pod';
import { RBAC_DEFINITIONS } from './rbac';
import { SERVICE_DEFINITIONS } from './service';
import { VOLUME_DEFINITIONS } from './volume';

export interface SwaggerDocument {
  swagger: '2.0';
  info: { title: string; version: string };
  paths: Record<string, SwaggerPathItem>;
  definitions: Definitions;
}

/** Every hand-written definition, before GVKs and lists are added. */
export const BASE_DEFINITIONS: Definitions = {
  ...META_DEFINITIONS,
  ...CONTAINER_DEFINITIONS,
  ...POD_DEFINITIONS,
  ...VOLUME_DEFINITIONS,
  ...CORE_DEFINITIONS,
  ...NODE_DEFINITIONS,
  ...SERVICE_DEFINITIONS,
  ...APPS_DEFINITIONS,
  ...BATCH_DEFINITIONS,
  ...COORDINATION_DISCOVERY_EVENTS_DEFINITIONS,
  ...RBAC_DEFINITIONS,
};

function listDefinition(info: ResourceInfo): Schema {
  const header = objectHeader(info.listKind);
  return {
    ...struct(
      `A list of ${info.kind} objects.`,
      {
        apiVersion: header.apiVersion!,
        items: refList(definitionName(info), `The ${info.kind} objects.`),
        kind: header.kind!,
        metadata: ref(META + 'ListMeta', 'Paging and the resourceVersion the list was read at.'),
      },
      ['items'],
    ),
    'x-kubernetes-group-version-kind': [
      { group: info.group, version: info.version, kind: info.listKind },
    ],
  };
}

/**
 * Builds the document for the given resources. Throws when a served kind has no definition, so a
 * new entry in RESOURCES cannot silently ship without a schema.
 */
export function buildOpenApiDocument(
  resources: readonly ResourceInfo[] = RESOURCES,
): SwaggerDocument {
  const definitions: Definitions = { ...BASE_DEFINITIONS };
  for (const info of resources) {
    const name = definitionName(info);
    const def = definitions[name];
    if (!def) throw new Error(`openapi: no definition ${name} for served kind ${info.kind}`);
    const gvk = { group: info.group, version: info.version, kind: info.kind };
    definitions[name] = { ...def, 'x-kubernetes-group-version-kind': [gvk] };
    definitions[`${name}List`] = listDefinition(info);
  }
  // Sorted like upstream's document, which also makes the encoded bytes (and the ETag) stable.
  const sorted: Definitions = {};
  for (const key of Object.keys(definitions).sort()) sorted[key] = definitions[key]!;
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: versionInfo().gitVersion },
    paths: resourcePaths(resources),
    definitions: sorted,
  };
}
