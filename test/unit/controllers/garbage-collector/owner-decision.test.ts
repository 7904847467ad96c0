import { describe, expect, it } from 'vitest';
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { decide } from '../../../../src-cluster/controllers/garbage-collector/owner-decision';
import { DependencyGraph } from '../../../../src-cluster/controllers/garbage-collector/dependency-graph';
import { RESOURCES } from '../../../../src-cluster/api/resources';

const ref = (uid: string, block = true): OwnerReference => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  name: uid,
  uid,
  controller: true,
  blockOwnerDeletion: block,
});

describe('what the collector does with a dependent', () => {
  it('keeps an object whose owners all exist', () => {
    expect(decide([{ ref: ref('a'), state: 'solid' }], false)).toEqual({ action: 'keep' });
  });
  it('deletes, in the background, an object whose owners are all gone', () => {
    expect(
      decide(
        [
          { ref: ref('a'), state: 'dangling' },
          { ref: ref('b'), state: 'dangling' },
        ],
        true,
      ),
    ).toEqual({
      action: 'delete',
      propagationPolicy: 'Background',
    });
  });
  it('keeps an object with one live owner, dropping the dangling reference', () => {
    expect(
      decide(
        [
          { ref: ref('a'), state: 'solid' },
          { ref: ref('b'), state: 'dangling' },
        ],
        false,
      ),
    ).toEqual({
      action: 'rewrite-refs',
      ownerReferences: [ref('a')],
    });
  });
  it('unblocks a foreground-deleting owner it will not be deleted for', () => {
    expect(
      decide(
        [
          { ref: ref('a'), state: 'solid' },
          { ref: ref('b'), state: 'waiting' },
        ],
        false,
      ),
    ).toEqual({
      action: 'rewrite-refs',
      ownerReferences: [ref('a'), ref('b', false)],
    });
  });
  it('deletes for a waiting owner, in the foreground when it has dependents of its own', () => {
    expect(decide([{ ref: ref('a'), state: 'waiting' }], true)).toEqual({
      action: 'delete',
      propagationPolicy: 'Foreground',
    });
    expect(decide([{ ref: ref('a'), state: 'waiting' }], false)).toEqual({
      action: 'delete',
      propagationPolicy: 'Background',
    });
  });
});

describe('dependency graph', () => {
  const pods = RESOURCES.find((r) => r.resource === 'pods')!;
  const pod = (uid: string, owners: string[]) => ({
    metadata: { name: uid, namespace: 'default', uid, ownerReferences: owners.map((o) => ref(o)) },
  });
  it('indexes dependents by owner uid and follows reference changes', () => {
    const g = new DependencyGraph();
    g.upsert(pod('p1', ['rs1']), pods);
    g.upsert(pod('p2', ['rs1', 'rs2']), pods);
    expect(g.dependentsOf('rs1').sort()).toEqual(['p1', 'p2']);
    expect(g.upsert(pod('p2', ['rs2']), pods)).toEqual(['rs1']);
    expect(g.dependentsOf('rs1')).toEqual(['p1']);
    g.remove('p1');
    expect(g.dependentsOf('rs1')).toEqual([]);
    expect(g.get('p2')?.owners.map((o) => o.uid)).toEqual(['rs2']);
  });
});
