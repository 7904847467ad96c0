import { describe, expect, it } from 'vitest';
import {
  ControllerRegistry,
  DuplicateControllerError,
  defaultControllerRegistry,
} from '../../../src-cluster/controllers/registry';

describe('controller registry', () => {
  it('lists the shipped controllers by their upstream names', () => {
    const names = defaultControllerRegistry().names();
    for (const n of [
      'namespace',
      'deployment',
      'replicaset',
      'garbagecollector',
      'nodelifecycle',
    ]) {
      expect(names).toContain(n);
    }
    expect(defaultControllerRegistry({ rootCaPem: 'x' }).names()).toContain(
      'root-ca-cert-publisher',
    );
  });

  it('refuses a name registered twice', () => {
    const r = new ControllerRegistry().register('a', () => ({ name: 'a', run: async () => {} }));
    expect(() => r.register('a', () => ({ name: 'a', run: async () => {} }))).toThrow(
      DuplicateControllerError,
    );
  });
});
