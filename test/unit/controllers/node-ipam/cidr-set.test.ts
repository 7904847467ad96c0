// The pod-CIDR pool: 10.244.0.0/16 cut into /24s, lowest free first, occupied ranges recognised,
// released ranges reused, foreign or misaligned ranges refused, exhaustion reported.
import { describe, expect, it } from 'vitest';
import {
  CidrError,
  CidrFullError,
  CidrSet,
} from '../../../../src-cluster/controllers/node-ipam/cidr-set';

describe('CidrSet', () => {
  it('cuts the cluster CIDR into /24s and hands out the lowest free one', () => {
    const set = new CidrSet('10.244.0.0/16', 24);
    expect(set.capacity).toBe(256);
    expect([set.allocate(), set.allocate(), set.allocate()]).toEqual([
      '10.244.0.0/24',
      '10.244.1.0/24',
      '10.244.2.0/24',
    ]);
    set.release('10.244.1.0/24');
    expect(set.allocate()).toBe('10.244.1.0/24');
    expect(set.allocate()).toBe('10.244.3.0/24');
    expect(set.allocated).toBe(4);
  });

  it('recognises ranges already given out (restart recovery)', () => {
    const set = new CidrSet('10.244.0.0/16', 24);
    expect(set.occupy('10.244.0.0/24')).toBe(true);
    expect(set.occupy('10.244.2.0/24')).toBe(true);
    expect(set.occupy('10.244.2.0/24')).toBe(false);
    expect(set.allocate()).toBe('10.244.1.0/24');
    expect(set.allocate()).toBe('10.244.3.0/24');
  });

  it('refuses ranges outside the pool, of another size, or misaligned', () => {
    const set = new CidrSet('10.244.0.0/16', 24);
    expect(() => set.occupy('10.245.0.0/24')).toThrow(CidrError);
    expect(() => set.occupy('10.244.0.0/25')).toThrow(CidrError);
    expect(() => set.occupy('10.244.1.7/24')).toThrow(CidrError);
    expect(() => new CidrSet('10.244.0.0/16', 8)).toThrow(/node-cidr-mask-size/);
    expect(() => new CidrSet('10.244.0.0/33', 24)).toThrow(CidrError);
  });

  it('normalises the cluster CIDR and other mask sizes', () => {
    const set = new CidrSet('10.244.7.9/22', 26);
    expect(set.capacity).toBe(16);
    expect(set.allocate()).toBe('10.244.4.0/26');
    expect(set.allocate()).toBe('10.244.4.64/26');
  });

  it('says so when every range is taken', () => {
    const set = new CidrSet('10.0.0.0/30', 31);
    set.allocate();
    set.allocate();
    expect(() => set.allocate()).toThrow(CidrFullError);
  });
});
