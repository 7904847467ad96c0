import { describe, expect, it } from 'vitest';
import type { Taint, Toleration } from 'kubernetes-types/core/v1';
import {
  toleratesTaint,
  tolerationWindowMs,
  untoleratedTaints,
} from '../../../../src-cluster/controllers/framework/taints';

const unreachable: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
const gpu: Taint = { key: 'gpu', value: 'a100', effect: 'NoSchedule' };

describe('taint matching', () => {
  it('matches on key, value and effect', () => {
    expect(toleratesTaint({ key: 'gpu', operator: 'Equal', value: 'a100' }, gpu)).toBe(true);
    expect(toleratesTaint({ key: 'gpu', value: 'h100' }, gpu)).toBe(false);
    expect(toleratesTaint({ key: 'gpu', operator: 'Exists' }, gpu)).toBe(true);
    expect(toleratesTaint({ key: 'gpu', operator: 'Exists', effect: 'NoExecute' }, gpu)).toBe(
      false,
    );
  });

  it('treats an empty key with Exists as tolerating everything', () => {
    expect(toleratesTaint({ operator: 'Exists' }, gpu)).toBe(true);
    expect(toleratesTaint({ operator: 'Exists' }, unreachable)).toBe(true);
    expect(untoleratedTaints([{ operator: 'Exists' }], [gpu, unreachable])).toEqual([]);
    expect(untoleratedTaints([], [gpu])).toEqual([gpu]);
  });

  it('gives the shortest tolerationSeconds, forever when unlimited, 0 when untolerated', () => {
    const t300: Toleration = { key: unreachable.key, operator: 'Exists', tolerationSeconds: 300 };
    const t60: Toleration = { operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 };
    const forever: Toleration = { key: unreachable.key, operator: 'Exists', effect: 'NoExecute' };
    expect(tolerationWindowMs([t300], unreachable)).toBe(300_000);
    expect(tolerationWindowMs([t300, t60], unreachable)).toBe(60_000);
    expect(tolerationWindowMs([forever], unreachable)).toBe(Infinity);
    expect(tolerationWindowMs([forever, t300], unreachable)).toBe(300_000);
    expect(tolerationWindowMs([], unreachable)).toBe(0);
    expect(tolerationWindowMs([{ ...t300, tolerationSeconds: -5 }], unreachable)).toBe(0);
  });
});
