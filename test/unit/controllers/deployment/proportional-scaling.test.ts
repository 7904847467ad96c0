import { describe, expect, it } from 'vitest';
import { proportionalSizes } from '../../../../src-cluster/controllers/deployment/proportional-scaling';

describe('proportional scaling mid-rollout', () => {
  it('shares a scale-up in proportion to each set', () => {
    // 10 replicas, surge 3 (max 13): new set 7, old set 6; scaled to 20 (+5 surge = 25).
    const out = proportionalSizes(
      [
        { name: 'new', replicas: 7, annotatedMax: 13, created: 2 },
        { name: 'old', replicas: 6, annotatedMax: 13, created: 1 },
      ],
      25,
    );
    expect(out.get('new')! + out.get('old')!).toBe(25);
    expect(out.get('new')).toBe(13);
    expect(out.get('old')).toBe(12);
  });
  it('shares a scale-down and never goes below zero', () => {
    const out = proportionalSizes(
      [
        { name: 'a', replicas: 4, annotatedMax: 6, created: 2 },
        { name: 'b', replicas: 2, annotatedMax: 6, created: 1 },
      ],
      3,
    );
    expect(out.get('a')! + out.get('b')!).toBe(3);
    expect(out.get('a')).toBe(2);
    expect(out.get('b')).toBe(1);
  });
  it('does nothing when the total already fits', () => {
    expect(proportionalSizes([{ name: 'a', replicas: 3, created: 1 }], 3).size).toBe(0);
  });
});
