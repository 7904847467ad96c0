// Strategic merge patch directives and per-kind merge keys, one behaviour per row.
import { describe, expect, it } from 'vitest';
import { applyPatch, PatchError } from '../../../../src-cluster/apiserver/patch';
import { NODE, POD } from './fixtures';

const pod = (spec: object = {}, extra: object = {}) => ({
  kind: 'Pod',
  metadata: { name: 'p', finalizers: ['a', 'b'], ownerReferences: [{ uid: 'u1', name: 'rs1' }] },
  spec: {
    nodeSelector: { disk: 'hdd', zone: 'z1' },
    containers: [
      {
        name: 'a',
        image: 'x',
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
          { name: 'C', value: '3' },
        ],
      },
      { name: 'b', image: 'y' },
    ],
    ...spec,
  },
  status: {
    phase: 'Running',
    conditions: [
      { type: 'PodScheduled', status: 'True' },
      { type: 'Ready', status: 'False', reason: 'ContainersNotReady' },
    ],
  },
  ...extra,
});
type Pod = ReturnType<typeof pod>;
const patchPod = (patch: unknown, live: object = pod()) =>
  applyPatch('strategic', live, patch, POD) as Pod;
const envNames = (p: Pod) => p.spec.containers[0]!.env!.map((e) => e.name);

describe('strategic merge patch directives', () => {
  it('$patch: replace on a map replaces it with the rest of the patch', () => {
    const out = patchPod({ spec: { nodeSelector: { $patch: 'replace', disk: 'ssd' } } });
    expect(out.spec.nodeSelector).toEqual({ disk: 'ssd' });
  });

  it('$patch: delete on a map empties it (as upstream)', () => {
    const out = patchPod({ spec: { nodeSelector: { $patch: 'delete' } } });
    expect(out.spec.nodeSelector).toEqual({});
  });

  it('$patch: replace as a list element replaces the whole merge list', () => {
    const out = patchPod({
      spec: { containers: [{ $patch: 'replace' }, { name: 'only', image: 'z' }] },
    });
    expect(out.spec.containers).toEqual([{ name: 'only', image: 'z' }]);
  });

  it('$patch: delete as a list element removes the element with that key', () => {
    const out = patchPod({ spec: { containers: [{ name: 'b', $patch: 'delete' }] } });
    expect(out.spec.containers.map((c) => c.name)).toEqual(['a']);
  });

  it('null deletes a field; fields not mentioned are kept', () => {
    const out = patchPod({ spec: { nodeSelector: null }, status: { phase: 'Succeeded' } });
    expect('nodeSelector' in out.spec).toBe(false);
    expect(out.status.phase).toBe('Succeeded');
    expect(out.status.conditions).toHaveLength(2);
  });

  it('nulls inside a newly added map are dropped', () => {
    const out = patchPod({ spec: { securityContext: { runAsUser: 1000, runAsGroup: null } } });
    expect((out.spec as { securityContext?: object }).securityContext).toEqual({ runAsUser: 1000 });
  });

  it('$setElementOrder alone reorders a merge list', () => {
    const out = patchPod({
      spec: {
        containers: [
          { name: 'a', '$setElementOrder/env': [{ name: 'C' }, { name: 'A' }, { name: 'B' }] },
        ],
      },
    });
    expect(envNames(out)).toEqual(['C', 'A', 'B']);
  });

  it('server-only elements keep their live position relative to the patch elements', () => {
    const out = patchPod({
      spec: {
        containers: [
          {
            name: 'a',
            '$setElementOrder/env': [{ name: 'C' }, { name: 'A' }],
            env: [{ name: 'A', value: 'x' }],
          },
        ],
      },
    });
    // B was only on the server: it stays ahead of C, which comes after it in the live list.
    expect(envNames(out)).toEqual(['B', 'C', 'A']);
    expect(out.spec.containers[0]!.env![2]).toEqual({ name: 'A', value: 'x' });
  });

  it('without $setElementOrder the patch order wins and server-only items interleave (design doc example)', () => {
    const live = pod({
      containers: [{ name: 'a', env: [{ name: 'B' }, { name: 'C' }, { name: 'A' }] }],
    });
    const out = patchPod(
      {
        spec: {
          containers: [
            {
              name: 'a',
              env: [{ name: 'A', value: "A'" }, { name: 'B', value: "B'" }, { name: 'D' }],
            },
          ],
        },
      },
      live,
    );
    expect(out.spec.containers[0]!.env).toEqual([
      { name: 'C' },
      { name: 'A', value: "A'" },
      { name: 'B', value: "B'" },
      { name: 'D' },
    ]);
  });

  it('finalizers are a set: a patch adds values, $deleteFromPrimitiveList removes them', () => {
    // Union; the patch's values come in patch order, and 'b' (server-only) follows 'a' as it did live.
    expect(patchPod({ metadata: { finalizers: ['c', 'a'] } }).metadata.finalizers).toEqual([
      'c',
      'a',
      'b',
    ]);
    expect(patchPod({ metadata: { finalizers: ['a'] } }).metadata.finalizers).toEqual(['a', 'b']);
    expect(
      patchPod({ metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }).metadata.finalizers,
    ).toEqual(['b']);
  });

  it('finalizers with $setElementOrder, addition and deletion together', () => {
    const live = pod({}, {});
    live.metadata.finalizers = ['b', 'e', 'a', 'c', 'd'];
    const out = patchPod(
      {
        metadata: {
          '$setElementOrder/finalizers': ['a', 'b', 'f'],
          '$deleteFromPrimitiveList/finalizers': ['c'],
          finalizers: ['f'],
        },
      },
      live,
    );
    expect(out.metadata.finalizers).toEqual(['e', 'a', 'b', 'f', 'd']);
  });

  it('ownerReferences merge by uid', () => {
    const out = patchPod({
      metadata: {
        ownerReferences: [
          { uid: 'u1', controller: true },
          { uid: 'u2', name: 'x' },
        ],
      },
    });
    expect(out.metadata.ownerReferences).toEqual([
      { uid: 'u1', name: 'rs1', controller: true },
      { uid: 'u2', name: 'x' },
    ]);
  });

  it('pod status conditions merge by type', () => {
    const out = patchPod({
      status: { conditions: [{ type: 'Ready', status: 'True', reason: null }] },
    });
    expect(out.status.conditions).toEqual([
      { type: 'PodScheduled', status: 'True' },
      { type: 'Ready', status: 'True' },
    ]);
  });
});

describe('strategic merge patch: per-kind schemas and fallback', () => {
  it('Node: taints are replaced, addresses and conditions merge by type', () => {
    const node = {
      spec: { taints: [{ key: 'a', effect: 'NoSchedule' }] },
      status: {
        addresses: [
          { type: 'InternalIP', address: '10.0.0.1' },
          { type: 'Hostname', address: 'n1' },
        ],
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    };
    const out = applyPatch(
      'strategic',
      node,
      {
        spec: { taints: [{ key: 'b', effect: 'NoExecute' }] },
        status: {
          addresses: [{ type: 'InternalIP', address: '10.0.0.2' }],
          conditions: [{ type: 'MemoryPressure', status: 'False' }],
        },
      },
      NODE,
    ) as typeof node;
    expect(out.spec.taints).toEqual([{ key: 'b', effect: 'NoExecute' }]);
    expect(out.status.addresses).toEqual([
      { type: 'InternalIP', address: '10.0.0.2' },
      { type: 'Hostname', address: 'n1' },
    ]);
    expect(out.status.conditions.map((c) => c.type)).toEqual(['MemoryPressure', 'Ready']);
  });

  it('Service ports merge by port', () => {
    const svc = { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }] } };
    const out = applyPatch(
      'strategic',
      svc,
      { spec: { ports: [{ port: 80, targetPort: 9090 }] } },
      { group: '', kind: 'Service' },
    ) as typeof svc;
    expect(out.spec.ports).toEqual([{ port: 80, targetPort: 9090 }, { port: 443 }]);
  });

  it('RBAC rules are atomic', () => {
    const role = {
      rules: [
        { verbs: ['get'], resources: ['pods'] },
        { verbs: ['list'], resources: ['svc'] },
      ],
    };
    const patched = applyPatch(
      'strategic',
      role,
      { rules: [{ verbs: ['*'], resources: ['pods'] }] },
      { group: 'rbac.authorization.k8s.io', kind: 'Role' },
    ) as typeof role;
    expect(patched.rules).toEqual([{ verbs: ['*'], resources: ['pods'] }]);
  });

  it('a kind without a schema merges maps and replaces lists', () => {
    const obj = { metadata: { finalizers: ['a'] }, spec: { m: { x: 1 }, items: [{ name: 'a' }] } };
    const out = applyPatch(
      'strategic',
      obj,
      { metadata: { finalizers: ['b'] }, spec: { m: { y: 2 }, items: [{ name: 'b' }] } },
      { group: 'example.com', kind: 'Widget' },
    );
    expect(out).toEqual({
      metadata: { finalizers: ['b'] },
      spec: { m: { x: 1, y: 2 }, items: [{ name: 'b' }] },
    });
  });
});

describe('strategic merge patch errors', () => {
  const failures: [string, unknown, RegExp, 400 | 422][] = [
    ['a patch that is not an object', [1, 2], /must be a JSON object/, 400],
    [
      'an unknown $patch value',
      { spec: { nodeSelector: { $patch: 'nuke' } } },
      /spec\.nodeSelector: unknown \$patch directive "nuke"/,
      400,
    ],
    [
      'a merge-list element without its merge key',
      { spec: { containers: [{ image: 'x' }] } },
      /spec\.containers: element \{"image":"x"\} does not contain the merge key "name"/,
      422,
    ],
    [
      'a delete element without the merge key',
      { spec: { containers: [{ $patch: 'delete' }] } },
      /does not contain the merge key "name"/,
      422,
    ],
    [
      '$patch: delete in a list without merge key',
      { spec: { tolerations: [{ $patch: 'delete', key: 'a' }] } },
      /spec\.tolerations: .*need a list with a merge key/,
      400,
    ],
    [
      'a field outside $retainKeys',
      { spec: { nodeSelector: { $retainKeys: ['disk'], zone: 'z2' } } },
      /the patch sets "zone" but \$retainKeys \["disk"\] does not list it/,
      422,
    ],
    [
      '$retainKeys that is not a list',
      { spec: { nodeSelector: { $retainKeys: 'disk' } } },
      /\$retainKeys must be a list/,
      400,
    ],
    [
      '$setElementOrder disagreeing with the patch list',
      {
        spec: {
          containers: [{ name: 'b' }, { name: 'a' }],
          '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }],
        },
      },
      /spec\.containers: the patch list's elements must all appear in \$setElementOrder\/containers, in the same order/,
      400,
    ],
    [
      '$deleteFromPrimitiveList that is not a list',
      { metadata: { '$deleteFromPrimitiveList/finalizers': 'a' } },
      /must be a list/,
      400,
    ],
  ];
  it.each(failures)('rejects %s', (_name, patch, message, code) => {
    let err: unknown;
    try {
      patchPod(patch);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PatchError);
    expect((err as PatchError).message).toMatch(message);
    expect((err as PatchError).code).toBe(code);
  });
});
