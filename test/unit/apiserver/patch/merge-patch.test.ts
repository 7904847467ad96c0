import { describe, expect, it } from 'vitest';
import { applyMergePatch } from '../../../../src-cluster/apiserver/patch/merge-patch';

// The examples of RFC 7386 appendix A, plus the shapes kubectl sends.
describe('RFC 7386 JSON merge patch', () => {
  const cases: [unknown, unknown, unknown][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  it.each(cases)('%j + %j = %j', (target, patch, expected) => {
    expect(applyMergePatch(target, patch)).toEqual(expected);
  });

  it('kubectl scale: only spec.replicas changes on /scale', () => {
    const scale = {
      kind: 'Scale',
      spec: { replicas: 3 },
      status: { replicas: 3, selector: 'app=web' },
    };
    expect(applyMergePatch(scale, { spec: { replicas: 5 } })).toEqual({
      kind: 'Scale',
      spec: { replicas: 5 },
      status: { replicas: 3, selector: 'app=web' },
    });
  });

  it('replaces lists wholesale and never mutates its inputs', () => {
    const target = { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b' }] } };
    const patch = { spec: { containers: [{ name: 'a', image: 'y' }] } };
    const out = applyMergePatch(target, patch) as typeof target;
    expect(out.spec.containers).toEqual([{ name: 'a', image: 'y' }]);
    expect(target.spec.containers).toHaveLength(2);
    out.spec.containers[0]!.image = 'mutated';
    expect(patch.spec.containers[0]!.image).toBe('y');
  });
});
