import { describe, expect, it } from 'vitest';
import type { Deployment } from 'kubernetes-types/apps/v1';
import {
  findNewReplicaSet,
  newReplicaSetFor,
  setAnnotations,
} from '../../../../src-cluster/controllers/deployment/revisions';

const d: Deployment = {
  metadata: {
    name: 'web',
    namespace: 'default',
    annotations: { 'kubernetes.io/change-cause': 'v2', 'deployment.kubernetes.io/revision': '4' },
  },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'w', image: 'a' }] },
    },
  },
};

describe('revisions', () => {
  it('a new set carries the hash in name, labels, selector and template', () => {
    const rs = newReplicaSetFor(d, 'abc12', 5, 1, 4);
    expect(rs.metadata?.name).toBe('web-abc12');
    expect(rs.spec?.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': 'abc12' });
    expect(rs.spec?.template?.metadata?.labels).toEqual({
      app: 'web',
      'pod-template-hash': 'abc12',
    });
    expect(rs.metadata?.annotations).toEqual({
      'kubernetes.io/change-cause': 'v2',
      'deployment.kubernetes.io/revision': '5',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    // The Deployment itself is untouched.
    expect(d.spec?.template.metadata?.labels).toEqual({ app: 'web' });
  });
  it('finds the new set by template, ignoring the hash label', () => {
    const rs = newReplicaSetFor(d, 'abc12', 5, 1, 4);
    const other = newReplicaSetFor(
      {
        ...d,
        spec: { ...d.spec!, template: { spec: { containers: [{ name: 'w', image: 'b' }] } } },
      },
      'zz',
      1,
      0,
      4,
    );
    expect(findNewReplicaSet(d, [other, rs])).toBe(rs);
    expect(findNewReplicaSet(d, [other])).toBeUndefined();
  });
  it('renumbering a set records its former revision', () => {
    const rs = newReplicaSetFor(d, 'abc12', 1, 1, 4);
    const a = setAnnotations(d, rs, 3);
    expect(a['deployment.kubernetes.io/revision']).toBe('3');
    expect(a['deployment.kubernetes.io/revision-history']).toBe('1');
    const again = setAnnotations(d, { ...rs, metadata: { ...rs.metadata, annotations: a } }, 5);
    expect(again['deployment.kubernetes.io/revision-history']).toBe('1,3');
    // Never renumbered downward.
    expect(setAnnotations(d, rs, 1)['deployment.kubernetes.io/revision']).toBe('1');
  });
});
