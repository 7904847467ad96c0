import { describe, expect, it } from 'vitest';
import { applyJsonPatch } from '../../../../src-cluster/apiserver/patch/json-patch';
import { PatchError } from '../../../../src-cluster/apiserver/patch/errors';

const doc = () => ({
  metadata: { name: 'web', labels: { app: 'web', 'a/b': 'slash', 'm~n': 'tilde' } },
  spec: { replicas: 3, containers: [{ name: 'a' }, { name: 'b' }] },
});

describe('RFC 6902 JSON patch', () => {
  const cases: [string, unknown[], (d: ReturnType<typeof doc>) => unknown, unknown][] = [
    [
      'replace a scalar',
      [{ op: 'replace', path: '/spec/replicas', value: 5 }],
      (d) => d.spec.replicas,
      5,
    ],
    [
      'add a new key',
      [{ op: 'add', path: '/spec/paused', value: true }],
      (d) => (d.spec as any).paused,
      true,
    ],
    [
      'add replaces an existing key',
      [{ op: 'add', path: '/spec/replicas', value: 1 }],
      (d) => d.spec.replicas,
      1,
    ],
    [
      'add inserts into an array at an index',
      [{ op: 'add', path: '/spec/containers/1', value: { name: 'x' } }],
      (d) => d.spec.containers.map((c) => c.name),
      ['a', 'x', 'b'],
    ],
    [
      'add with "-" appends',
      [{ op: 'add', path: '/spec/containers/-', value: { name: 'z' } }],
      (d) => d.spec.containers.map((c) => c.name),
      ['a', 'b', 'z'],
    ],
    [
      'add at index == length appends',
      [{ op: 'add', path: '/spec/containers/2', value: { name: 'z' } }],
      (d) => d.spec.containers.map((c) => c.name),
      ['a', 'b', 'z'],
    ],
    [
      'remove an array element',
      [{ op: 'remove', path: '/spec/containers/0' }],
      (d) => d.spec.containers.map((c) => c.name),
      ['b'],
    ],
    [
      '~1 addresses a key containing "/"',
      [{ op: 'remove', path: '/metadata/labels/a~1b' }],
      (d) => Object.keys(d.metadata.labels),
      ['app', 'm~n'],
    ],
    [
      '~0 addresses a key containing "~"',
      [{ op: 'replace', path: '/metadata/labels/m~0n', value: 'x' }],
      (d) => d.metadata.labels['m~n'],
      'x',
    ],
    [
      'move renames a key',
      [{ op: 'move', from: '/metadata/labels/app', path: '/metadata/labels/tier' }],
      (d) => d.metadata.labels,
      { tier: 'web', 'a/b': 'slash', 'm~n': 'tilde' },
    ],
    [
      'move reorders an array',
      [{ op: 'move', from: '/spec/containers/0', path: '/spec/containers/-' }],
      (d) => d.spec.containers.map((c) => c.name),
      ['b', 'a'],
    ],
    [
      'copy duplicates a value independently',
      [
        { op: 'copy', from: '/spec/containers/0', path: '/spec/containers/-' },
        { op: 'replace', path: '/spec/containers/2/name', value: 'c' },
      ],
      (d) => d.spec.containers.map((c) => c.name),
      ['a', 'b', 'c'],
    ],
    [
      'a passing test lets later ops run',
      [
        { op: 'test', path: '/spec/replicas', value: 3 },
        { op: 'replace', path: '/spec/replicas', value: 4 },
      ],
      (d) => d.spec.replicas,
      4,
    ],
    [
      'test compares objects structurally, ignoring key order',
      [{ op: 'test', path: '/spec/containers/0', value: { name: 'a' } }],
      (d) => d.spec.replicas,
      3,
    ],
    ['an empty patch changes nothing', [], (d) => d, doc()],
    [
      'replace at the root swaps the document',
      [{ op: 'replace', path: '', value: { kind: 'X' } }],
      (d) => d,
      { kind: 'X' },
    ],
    [
      'null is a value that add can set',
      [{ op: 'add', path: '/spec/replicas', value: null }],
      (d) => d.spec.replicas,
      null,
    ],
  ];
  it.each(cases)('%s', (_name, patch, pick, expected) => {
    const out = applyJsonPatch(doc(), patch) as ReturnType<typeof doc>;
    expect(pick(out)).toEqual(expected);
  });

  const failures: [string, unknown, RegExp, 400 | 422][] = [
    ['not an array', { op: 'add' }, /must be a JSON array/, 400],
    [
      'unknown op',
      [{ op: 'upsert', path: '/a', value: 1 }],
      /operation 0: unknown op "upsert"/,
      400,
    ],
    ['missing path', [{ op: 'remove' }], /"path" is required/, 400],
    ['add without value', [{ op: 'add', path: '/a' }], /"value" is required for add/, 400],
    ['move without from', [{ op: 'move', path: '/a' }], /"from" is required for move/, 400],
    ['bad pointer', [{ op: 'remove', path: 'spec' }], /must be empty or start with "\/"/, 400],
    ['bad escape', [{ op: 'remove', path: '/a~2' }], /"~" must be followed by 0 or 1/, 400],
    [
      'failing test',
      [{ op: 'test', path: '/spec/replicas', value: 2 }],
      /operation 0 \(test "\/spec\/replicas"\): test failed: the value is 3, expected 2/,
      422,
    ],
    [
      'remove a missing key',
      [{ op: 'remove', path: '/spec/paused' }],
      /\(remove "\/spec\/paused"\): path not found/,
      422,
    ],
    [
      'replace a missing key',
      [{ op: 'replace', path: '/spec/x', value: 1 }],
      /path not found/,
      422,
    ],
    [
      'add under a missing parent',
      [{ op: 'add', path: '/status/phase', value: 'Running' }],
      /path not found: \/status does not exist/,
      422,
    ],
    [
      'index out of range',
      [{ op: 'add', path: '/spec/containers/5', value: {} }],
      /array index 5 is out of range \(the array has 2 elements/,
      422,
    ],
    [
      'leading-zero index',
      [{ op: 'add', path: '/spec/containers/01', value: {} }],
      /out of range/,
      422,
    ],
    [
      'move into own child',
      [{ op: 'move', from: '/spec', path: '/spec/inner' }],
      /cannot be moved into one of its own children/,
      422,
    ],
    [
      'the failing op is named by position',
      [
        { op: 'replace', path: '/spec/replicas', value: 1 },
        { op: 'remove', path: '/nope' },
      ],
      /json patch operation 1 \(remove "\/nope"\)/,
      422,
    ],
  ];
  it.each(failures)('rejects %s', (_name, patch, message, code) => {
    let err: unknown;
    try {
      applyJsonPatch(doc(), patch);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PatchError);
    expect((err as PatchError).message).toMatch(message);
    expect((err as PatchError).code).toBe(code);
  });

  it('is atomic and pure: a failing patch leaves the input untouched', () => {
    const input = doc();
    expect(() =>
      applyJsonPatch(input, [
        { op: 'replace', path: '/spec/replicas', value: 9 },
        { op: 'test', path: '/spec/replicas', value: 3 },
      ]),
    ).toThrow(PatchError);
    expect(input).toEqual(doc());
  });
});
