import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { podsToDelete } from '../../../../src-cluster/controllers/replica-set/pod-ranking';

interface Opts {
  node?: string;
  phase?: string;
  ready?: boolean;
  readySince?: string;
  cost?: number;
  restarts?: number;
  created?: string;
}

function pod(name: string, o: Opts = {}): Pod {
  return {
    metadata: {
      name,
      uid: name,
      creationTimestamp: o.created ?? '2026-01-01T00:00:00Z',
      ...(o.cost !== undefined
        ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': String(o.cost) } }
        : {}),
    },
    spec: { containers: [], ...(o.node ? { nodeName: o.node } : {}) },
    status: {
      phase: o.phase ?? 'Running',
      conditions: [
        {
          type: 'Ready',
          status: o.ready === false ? 'False' : 'True',
          lastTransitionTime: o.readySince ?? '2026-01-01T00:00:00Z',
        },
      ],
      containerStatuses: [
        { name: 'c', image: 'x', imageID: '', ready: true, restartCount: o.restarts ?? 0 },
      ],
    },
  };
}

const first = (pods: Pod[]) => podsToDelete(pods, 1)[0]!.metadata!.name;

describe('which pod a ReplicaSet deletes first', () => {
  it('unassigned before assigned', () => {
    expect(first([pod('placed', { node: 'n1' }), pod('unplaced')])).toBe('unplaced');
  });
  it('Pending, then Unknown, then Running', () => {
    expect(first([pod('run', { node: 'n' }), pod('unk', { node: 'n', phase: 'Unknown' })])).toBe(
      'unk',
    );
    expect(
      first([
        pod('unk', { node: 'n', phase: 'Unknown' }),
        pod('pend', { node: 'n', phase: 'Pending' }),
      ]),
    ).toBe('pend');
  });
  it('not ready before ready', () => {
    expect(first([pod('ready', { node: 'a' }), pod('unready', { node: 'b', ready: false })])).toBe(
      'unready',
    );
  });
  it('lower pod-deletion-cost first', () => {
    expect(
      first([pod('dear', { node: 'a', cost: 100 }), pod('cheap', { node: 'b', cost: -5 })]),
    ).toBe('cheap');
  });
  it('a pod doubled up on a node before a pod alone on its node', () => {
    const pods = [
      pod('alone', { node: 'a' }),
      pod('twin1', { node: 'b' }),
      pod('twin2', { node: 'b' }),
    ];
    expect(first(pods)).toMatch(/^twin/);
  });
  it('ready for less time first', () => {
    expect(
      first([
        pod('veteran', { node: 'a', readySince: '2026-01-01T00:00:00Z' }),
        pod('rookie', { node: 'b', readySince: '2026-01-02T00:00:00Z' }),
      ]),
    ).toBe('rookie');
  });
  it('more restarts first, then newer first', () => {
    expect(first([pod('stable', { node: 'a' }), pod('crashy', { node: 'b', restarts: 7 })])).toBe(
      'crashy',
    );
    expect(
      first([
        pod('old', { node: 'a', created: '2026-01-01T00:00:00Z' }),
        pod('new', { node: 'b', created: '2026-01-03T00:00:00Z' }),
      ]),
    ).toBe('new');
  });
  it('earlier criteria win over later ones', () => {
    // Unready but assigned vs ready but unassigned: being unassigned comes first.
    expect(first([pod('unready', { node: 'a', ready: false }), pod('unplaced')])).toBe('unplaced');
  });
  it('returns exactly the count asked for and leaves the input alone', () => {
    const pods = [pod('a', { node: 'x' }), pod('b'), pod('c', { node: 'y', ready: false })];
    const names = podsToDelete(pods, 2).map((p) => p.metadata!.name);
    expect(names).toEqual(['b', 'c']);
    expect(pods.map((p) => p.metadata!.name)).toEqual(['a', 'b', 'c']);
    expect(podsToDelete(pods, 0)).toEqual([]);
  });
});
