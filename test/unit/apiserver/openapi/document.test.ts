import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../../../../src-cluster/api/resources';
import type { Schema } from '../../../../src-cluster/apiserver/openapi/schema/builder';
import {
  BASE_DEFINITIONS,
  buildOpenApiDocument,
} from '../../../../src-cluster/apiserver/openapi/schema/document';
import { definitionName } from '../../../../src-cluster/apiserver/openapi/schema/paths';

const doc = buildOpenApiDocument();
const defs = doc.definitions;

/** Every schema in the document with a path for messages. */
function* walk(): Generator<[string, Schema]> {
  function* inner(path: string, s: Schema): Generator<[string, Schema]> {
    yield [path, s];
    for (const [k, v] of Object.entries(s.properties ?? {})) yield* inner(`${path}.${k}`, v);
    if (s.items) yield* inner(`${path}[]`, s.items);
    if (typeof s.additionalProperties === 'object')
      yield* inner(`${path}{}`, s.additionalProperties);
  }
  for (const [name, s] of Object.entries(defs)) yield* inner(name, s);
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [code, r] of Object.entries(item.get.responses))
      if (r.schema) yield* inner(`${path} ${code}`, r.schema);
  }
}

/** Follows `a.b.c` from a definition through $refs and list items. */
function field(defName: string, path: string): Schema {
  let s: Schema = defs[defName]!;
  for (const part of path.split('.')) {
    const deref = (x: Schema) => (x.$ref ? defs[x.$ref.replace('#/definitions/', '')]! : x);
    s = deref(s);
    if (s.type === 'array') s = deref(s.items!);
    const next = s.properties?.[part];
    if (!next) throw new Error(`${defName}: no field ${path} (at ${part})`);
    s = next;
  }
  return s;
}

describe('OpenAPI document', () => {
  it('resolves every $ref to a definition (kubectl rejects the whole spec otherwise)', () => {
    const broken: string[] = [];
    for (const [path, s] of walk()) {
      if (!s.$ref) continue;
      const name = s.$ref.replace(/^#\/definitions\//, '');
      if (!s.$ref.startsWith('#/definitions/') || !defs[name]) broken.push(`${path} → ${s.$ref}`);
      if (s.type || s.properties) broken.push(`${path}: $ref with a type or properties`);
    }
    expect(broken).toEqual([]);
  });

  it('gives every served kind and its list a definition with its group-version-kind', () => {
    for (const info of RESOURCES) {
      const name = definitionName(info);
      expect(defs[name]?.['x-kubernetes-group-version-kind'], name).toEqual([
        { group: info.group, version: info.version, kind: info.kind },
      ]);
      const list = defs[`${name}List`];
      expect(list?.['x-kubernetes-group-version-kind'], `${name}List`).toEqual([
        { group: info.group, version: info.version, kind: info.listKind },
      ]);
      expect(list?.properties?.items?.items?.$ref).toBe(`#/definitions/${name}`);
    }
    expect(defs['io.k8s.api.apps.v1.Deployment']).toBeDefined();
    expect(defs['io.k8s.api.rbac.v1.ClusterRoleBinding']).toBeDefined();
    expect(defs['io.k8s.api.events.v1.Event']).toBeDefined();
  });

  it('refuses to build when a served kind has no definition', () => {
    const stray = { ...RESOURCES[0]!, kind: 'Widget', resource: 'widgets' };
    expect(() => buildOpenApiDocument([stray])).toThrow(
      /no definition io\.k8s\.api\.core\.v1\.Widget/,
    );
  });

  it('describes every definition and every field', () => {
    const missing: string[] = [];
    for (const [name, s] of Object.entries(defs)) {
      if (!s.description?.trim()) missing.push(name);
      for (const [k, v] of Object.entries(s.properties ?? {}))
        if (!v.description?.trim()) missing.push(`${name}.${k}`);
    }
    expect(missing).toEqual([]);
  });

  it('only requires fields that exist', () => {
    for (const [name, s] of Object.entries(defs))
      for (const r of s.required ?? [])
        expect(s.properties?.[r], `${name} requires ${r}`).toBeDefined();
  });

  it('carries the patch metadata client-side apply needs', () => {
    const merge = (key: string, strategy = 'merge') => ({
      'x-kubernetes-patch-merge-key': key,
      'x-kubernetes-patch-strategy': strategy,
    });
    const D = 'io.k8s.api.apps.v1.Deployment';
    const podSpec = 'spec.template.spec';
    const cases: [string, string, object][] = [
      [D, `${podSpec}.containers`, merge('name')],
      [D, `${podSpec}.initContainers`, merge('name')],
      [D, `${podSpec}.containers.env`, merge('name')],
      [D, `${podSpec}.containers.ports`, merge('containerPort')],
      [D, `${podSpec}.containers.volumeMounts`, merge('mountPath')],
      [D, `${podSpec}.volumes`, merge('name', 'merge,retainKeys')],
      [D, `${podSpec}.imagePullSecrets`, merge('name')],
      [D, 'status.conditions', merge('type')],
      [D, 'metadata.ownerReferences', merge('uid')],
      [D, 'metadata.finalizers', { 'x-kubernetes-patch-strategy': 'merge' }],
      [D, 'spec.strategy', { 'x-kubernetes-patch-strategy': 'retainKeys' }],
      ['io.k8s.api.core.v1.Pod', 'status.conditions', merge('type')],
      ['io.k8s.api.core.v1.Pod', 'status.podIPs', merge('ip')],
      ['io.k8s.api.core.v1.Service', 'spec.ports', merge('port')],
      ['io.k8s.api.core.v1.Node', 'status.addresses', merge('type')],
      ['io.k8s.api.core.v1.Node', 'status.conditions', merge('type')],
      ['io.k8s.api.batch.v1.Job', 'status.conditions', merge('type')],
    ];
    for (const [def, path, ext] of cases)
      expect(field(def, path), `${def} ${path}`).toMatchObject(ext);
    // Lists without a strategy upstream must not gain one (a patch replaces them whole).
    expect(field(D, `${podSpec}.tolerations`)['x-kubernetes-patch-strategy']).toBeUndefined();
    expect(field(D, `${podSpec}.containers.args`)['x-kubernetes-patch-strategy']).toBeUndefined();
  });

  it('types fields the way kubectl validates them', () => {
    expect(field('io.k8s.api.apps.v1.Deployment', 'spec.replicas')).toMatchObject({
      type: 'integer',
    });
    expect(defs['io.k8s.api.apps.v1.DeploymentSpec']?.required).toEqual(['selector', 'template']);
    expect(defs['io.k8s.api.core.v1.Container']?.required).toEqual(['name']);
    expect(field('io.k8s.api.core.v1.Pod', 'metadata.labels')).toMatchObject({
      type: 'object',
      additionalProperties: { type: 'string' },
    });
  });
});

/**
 * Cross-check against kubernetes-types (generated from upstream's schema): every field a struct
 * definition lists must exist there, none may be missing (kubectl rejects unknown fields, so a
 * missing one would fail a valid manifest), and required fields must agree.
 */
describe('OpenAPI definitions vs kubernetes-types', () => {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('kubernetes-types/package.json'));
  const cache = new Map<string, Map<string, { fields: string[]; required: string[] }>>();

  function interfaces(file: string) {
    let m = cache.get(file);
    if (m) return m;
    m = new Map();
    const src = readFileSync(join(root, file), 'utf8')
      .replace(/\/\*\*[\s\S]*?\*\//g, '')
      .replace(/\{\s*\[\w+: string\]: \w+;\s*\}/g, 'MAP');
    for (const x of src.matchAll(/export interface (\w+) \{([\s\S]*?)\n\}/g)) {
      const fields = [...x[2]!.matchAll(/^\s+(?:readonly )?(\w+)(\??):/gm)];
      m.set(x[1]!, {
        fields: fields.map((f) => f[1]!).sort(),
        required: fields
          .filter((f) => f[2] !== '?')
          .map((f) => f[1]!)
          .sort(),
      });
    }
    cache.set(file, m);
    return m;
  }

  function typesFile(def: string): [string, string] | undefined {
    const api = /^io\.k8s\.api\.(\w+)\.(v1)\.(\w+)$/.exec(def);
    if (api) return [`${api[1]}/${api[2]}.d.ts`, api[3]!];
    const meta = /^io\.k8s\.apimachinery\.pkg\.apis\.meta\.v1\.(\w+)$/.exec(def);
    if (meta) return ['meta/v1.d.ts', meta[1]!];
    return undefined;
  }

  it('lists exactly the upstream fields of every struct definition', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const [name, s] of Object.entries(defs)) {
      if (!s.properties) continue;
      const where = typesFile(name);
      const upstream = where && interfaces(where[0]).get(where[1]);
      if (!upstream) {
        problems.push(`${name}: not found in kubernetes-types`);
        continue;
      }
      checked++;
      const ours = Object.keys(s.properties).sort();
      const extra = ours.filter((f) => !upstream.fields.includes(f));
      const missing = upstream.fields.filter((f) => !ours.includes(f));
      if (extra.length) problems.push(`${name}: unknown upstream: ${extra.join(', ')}`);
      if (missing.length) problems.push(`${name}: missing: ${missing.join(', ')}`);
      const required = (s.required ?? []).slice().sort();
      const want = upstream.required;
      if (JSON.stringify(required) !== JSON.stringify(want))
        problems.push(`${name}: required ${required} vs upstream ${want}`);
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(80);
  });

  it('defines only names that exist upstream (besides the scalar wrappers)', () => {
    const scalars = [
      'io.k8s.apimachinery.pkg.api.resource.Quantity',
      'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
      'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
      'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime',
    ];
    const unknown = Object.keys(BASE_DEFINITIONS).filter((name) => {
      if (scalars.includes(name)) return false;
      const where = typesFile(name);
      return !where || !interfaces(where[0]).has(where[1]);
    });
    expect(unknown).toEqual([]);
  });
});
