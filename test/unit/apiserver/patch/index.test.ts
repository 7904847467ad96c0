import { describe, expect, it } from 'vitest';
import {
  applyPatch,
  patchTypeFromContentType,
  PatchError,
} from '../../../../src-cluster/apiserver/patch';
import { DEPLOYMENT, liveDeployment } from './fixtures';

describe('patchTypeFromContentType', () => {
  it.each([
    ['application/json-patch+json', 'json'],
    ['application/merge-patch+json', 'merge'],
    ['application/strategic-merge-patch+json', 'strategic'],
    ['application/strategic-merge-patch+json; charset=utf-8', 'strategic'],
    ['Application/Merge-Patch+JSON', 'merge'],
    ['application/apply-patch+yaml', null],
    ['application/json', null],
    ['', null],
  ])('%j → %j', (ct, type) => {
    expect(patchTypeFromContentType(ct)).toBe(type);
  });
});

describe('applyPatch', () => {
  it('dispatches on type: a merge patch replaces lists, a strategic patch merges them', () => {
    const patch = { spec: { template: { spec: { containers: [{ name: 'side', image: 'b' }] } } } };
    const merged = applyPatch('merge', liveDeployment(), patch, DEPLOYMENT) as ReturnType<
      typeof liveDeployment
    >;
    const strategic = applyPatch('strategic', liveDeployment(), patch, DEPLOYMENT) as ReturnType<
      typeof liveDeployment
    >;
    expect(merged.spec.template.spec.containers.map((c) => c.name)).toEqual(['side']);
    expect(strategic.spec.template.spec.containers.map((c) => c.name)).toEqual(['side', 'web']);
  });

  it('applies a JSON patch', () => {
    const out = applyPatch(
      'json',
      liveDeployment(),
      [{ op: 'replace', path: '/spec/replicas', value: 7 }],
      DEPLOYMENT,
    );
    expect((out as ReturnType<typeof liveDeployment>).spec.replicas).toBe(7);
  });

  it('never mutates the original or the patch, and the result shares nothing with them', () => {
    const live = liveDeployment();
    const patch = {
      metadata: { labels: { x: 'y' } },
      spec: { template: { spec: { tolerations: [{ key: 't' }] } } },
    };
    const snapshot = JSON.stringify(patch);
    for (const type of ['strategic', 'merge'] as const) {
      const out = applyPatch(type, live, patch, DEPLOYMENT) as ReturnType<typeof liveDeployment>;
      out.spec.template.spec.tolerations[0]!.key = 'changed';
      out.metadata.labels.app = 'changed';
    }
    expect(live).toEqual(liveDeployment());
    expect(JSON.stringify(patch)).toBe(snapshot);
  });

  it.each([
    ['merge', [1]],
    ['json', [{ op: 'replace', path: '', value: 'scalar' }]],
  ] as const)('rejects a %s patch whose result is not an object', (type, patch) => {
    expect(() => applyPatch(type, liveDeployment(), patch, DEPLOYMENT)).toThrow(PatchError);
  });
});
