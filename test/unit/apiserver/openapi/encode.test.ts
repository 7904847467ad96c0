import { describe, expect, it } from 'vitest';
import { encodeOpenApiV2 } from '../../../../src-cluster/apiserver/openapi/encode';
import { buildOpenApiDocument } from '../../../../src-cluster/apiserver/openapi/schema/document';
import { all, named, one, readFields, text, texts } from './wire-reader';

const doc = buildOpenApiDocument();
const bytes = encodeOpenApiV2(doc);
// Document: swagger=1 info=2 paths=8 definitions=9; Definitions.additional_properties=1.
const definitions = named(one(bytes, 9)!, 1);

/** Schema.vendor_extension=31 as name → YAML text (NamedAny.value=2 → Any.yaml=2). */
function extensions(schema: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, any] of named(schema, 31)) out[name] = text(any, 2)!;
  return out;
}

/** Schema.properties=25 → Properties.additional_properties=1. */
function properties(schema: Uint8Array): Map<string, Uint8Array> {
  return named(one(schema, 25)!, 1);
}

describe('encodeOpenApiV2', () => {
  it('writes the document header and every definition in order', () => {
    expect(text(bytes, 1)).toBe('2.0');
    expect(text(one(bytes, 2)!, 1)).toBe('Kubernetes');
    expect([...definitions.keys()]).toEqual(Object.keys(doc.definitions));
  });

  it('encodes a kind: description, type, required, properties and its GVK as YAML', () => {
    const spec = definitions.get('io.k8s.api.apps.v1.DeploymentSpec')!;
    expect(texts(one(spec, 22)!, 1)).toEqual(['object']);
    expect(texts(spec, 19)).toEqual(['selector', 'template']);
    expect(text(spec, 4)).toBe(doc.definitions['io.k8s.api.apps.v1.DeploymentSpec']!.description);
    const replicas = properties(spec).get('replicas')!;
    expect(texts(one(replicas, 22)!, 1)).toEqual(['integer']);
    expect(text(replicas, 2)).toBe('int32');
    const template = properties(spec).get('template')!;
    expect(text(template, 1)).toBe('#/definitions/io.k8s.api.core.v1.PodTemplateSpec');
    expect(one(template, 22)).toBeUndefined();

    const deployment = definitions.get('io.k8s.api.apps.v1.Deployment')!;
    const gvk = extensions(deployment)['x-kubernetes-group-version-kind']!;
    expect(gvk.endsWith('\n')).toBe(true);
    expect(JSON.parse(gvk)).toEqual([{ group: 'apps', version: 'v1', kind: 'Deployment' }]);
  });

  it('encodes lists with one item schema and patch extensions', () => {
    const podSpec = definitions.get('io.k8s.api.core.v1.PodSpec')!;
    const containers = properties(podSpec).get('containers')!;
    expect(texts(one(containers, 22)!, 1)).toEqual(['array']);
    const items = all(one(containers, 23)!, 1);
    expect(items).toHaveLength(1);
    expect(text(items[0]!, 1)).toBe('#/definitions/io.k8s.api.core.v1.Container');
    expect(extensions(containers)).toEqual({
      'x-kubernetes-patch-merge-key': '"name"\n',
      'x-kubernetes-patch-strategy': '"merge"\n',
    });
    expect(extensions(properties(podSpec).get('volumes')!)['x-kubernetes-patch-strategy']).toBe(
      '"merge,retainKeys"\n',
    );
  });

  it('encodes maps as additionalProperties schemas', () => {
    const meta = definitions.get('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta')!;
    const labels = properties(meta).get('labels')!;
    const value = one(one(labels, 21)!, 1)!; // AdditionalPropertiesItem.schema=1
    expect(texts(one(value, 22)!, 1)).toEqual(['string']);
  });

  it('leaves loosely modelled structs without properties (kubectl treats them as maps)', () => {
    const affinity = definitions.get('io.k8s.api.core.v1.Affinity')!;
    expect(texts(one(affinity, 22)!, 1)).toEqual(['object']);
    expect(one(affinity, 25)).toBeUndefined();
  });

  it('encodes paths with a get operation, path parameters and a response schema', () => {
    const paths = named(one(bytes, 8)!, 2); // Paths.path=2
    const item = paths.get('/apis/apps/v1/namespaces/{namespace}/deployments/{name}')!;
    const get = one(item, 2)!;
    expect(text(get, 5)).toBe('readAppsV1NamespacedDeployment');
    const ok = named(one(get, 9)!, 1).get('200')!; // Responses.response_code=1
    const schema = one(one(one(ok, 1)!, 2)!, 1)!; // ResponseValue.response → Response.schema → SchemaItem.schema
    expect(text(schema, 1)).toBe('#/definitions/io.k8s.api.apps.v1.Deployment');
    const params = all(item, 9).map((p) => one(one(one(p, 1)!, 2)!, 4)!); // → path sub-schema
    expect(params.map((p) => text(p, 4))).toEqual(['name', 'namespace']);
    expect(readFields(params[0]!).find((f) => f.field === 1)?.int).toBe(1); // required
    expect(paths.has('/api/v1/nodes/{name}')).toBe(true);
    expect(paths.has('/apis/apps/v1/deployments')).toBe(true);
  });

  it('is deterministic (the ETag depends on it)', () => {
    expect(Buffer.from(encodeOpenApiV2(buildOpenApiDocument())).equals(Buffer.from(bytes))).toBe(
      true,
    );
  });
});
