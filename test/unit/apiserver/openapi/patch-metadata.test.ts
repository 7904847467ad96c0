/**
 * The OpenAPI patch extensions (read by kubectl's client-side apply) must agree with the patch
 * metadata the API server's strategic-merge-patch engine applies; otherwise kubectl would compute a
 * patch the server merges differently.
 */
import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../../../../src-cluster/api/resources';
import type { Schema } from '../../../../src-cluster/apiserver/openapi/schema/builder';
import { buildOpenApiDocument } from '../../../../src-cluster/apiserver/openapi/schema/document';
import { definitionName } from '../../../../src-cluster/apiserver/openapi/schema/paths';
import { patchSchemaFor } from '../../../../src-cluster/apiserver/patch/strategic/schema/kinds';
import type {
  FieldPatchMeta,
  PatchSchema,
} from '../../../../src-cluster/apiserver/patch/strategic/schema/types';

const defs = buildOpenApiDocument().definitions;

function deref(s: Schema): Schema {
  return s.$ref ? defs[s.$ref.replace('#/definitions/', '')]! : s;
}

/** The extension a field's SMP metadata corresponds to. */
function expected(meta: FieldPatchMeta): { strategy?: string; key?: string } {
  const parts = [
    ...(meta.strategy === 'merge' ? ['merge'] : []),
    ...(meta.retainKeys ? ['retainKeys'] : []),
  ];
  return {
    ...(parts.length ? { strategy: parts.join(',') } : {}),
    ...(meta.mergeKey ? { key: meta.mergeKey } : {}),
  };
}

function compare(where: string, struct: Schema, smp: PatchSchema, problems: string[]): void {
  const s = deref(struct);
  for (const [name, meta] of Object.entries(smp)) {
    const prop = s.properties?.[name];
    if (!prop) {
      // A loosely modelled struct carries no metadata for kubectl; the server's SMP still does.
      if (s.properties) problems.push(`${where}.${name}: no such field in the OpenAPI schema`);
      continue;
    }
    const got = {
      ...(prop['x-kubernetes-patch-strategy']
        ? { strategy: prop['x-kubernetes-patch-strategy'] }
        : {}),
      ...(prop['x-kubernetes-patch-merge-key']
        ? { key: prop['x-kubernetes-patch-merge-key'] }
        : {}),
    };
    const want = expected(meta);
    if (JSON.stringify(got) !== JSON.stringify(want))
      problems.push(
        `${where}.${name}: openapi ${JSON.stringify(got)} vs smp ${JSON.stringify(want)}`,
      );
    if (meta.fields) {
      const inner = prop.type === 'array' ? prop.items! : prop;
      compare(`${where}.${name}`, inner, meta.fields, problems);
    }
  }
}

describe('patch metadata: OpenAPI vs the server SMP schema', () => {
  it('agrees for every served kind', () => {
    const problems: string[] = [];
    let compared = 0;
    for (const info of RESOURCES) {
      const smp = patchSchemaFor(info);
      if (!smp) continue;
      compared++;
      compare(definitionName(info), defs[definitionName(info)]!, smp, problems);
    }
    expect(problems).toEqual([]);
    expect(compared).toBeGreaterThan(15);
  });
});
