import { describe, expect, it } from 'vitest';
import { AddressPool, PoolError } from '../../../src-cluster/cloud/address-pool';

describe('load-balancer address pool', () => {
  it('hands out the lowest free address and honours a free requested one', () => {
    const pool = new AddressPool('10.10.0.200-10.10.0.202');
    expect(pool.allocate(new Set())).toBe('10.10.0.200');
    expect(pool.allocate(new Set(['10.10.0.200']))).toBe('10.10.0.201');
    expect(pool.allocate(new Set(), '10.10.0.202')).toBe('10.10.0.202');
    expect(pool.allocate(new Set(['10.10.0.202']), '10.10.0.202')).toBeNull();
    expect(pool.allocate(new Set(), '10.10.0.9')).toBeNull();
  });

  it('runs dry when every address is taken', () => {
    const pool = new AddressPool('10.10.0.200-10.10.0.201');
    expect(pool.allocate(new Set(['10.10.0.200', '10.10.0.201']))).toBeNull();
  });

  it('accepts a CIDR without its network and broadcast addresses', () => {
    const pool = new AddressPool('192.168.5.0/30');
    expect(pool.size()).toBe(2);
    expect(pool.contains('192.168.5.0')).toBe(false);
    expect(pool.allocate(new Set())).toBe('192.168.5.1');
  });

  it('refuses nonsense ranges', () => {
    expect(() => new AddressPool('10.10.0.9-10.10.0.1')).toThrow(PoolError);
    expect(() => new AddressPool('banana')).toThrow(PoolError);
  });
});
