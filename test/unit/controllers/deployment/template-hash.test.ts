import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  computeTemplateHash,
  fnv32a,
  safeEncode,
} from '../../../../src-cluster/controllers/framework/template-hash';

const template = (image: string) => ({
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', image }] },
});

describe('pod-template-hash', () => {
  it('equal templates hash equally, whatever the key order', () => {
    const a = {
      spec: { containers: [{ image: 'nginx', name: 'web' }] },
      metadata: { labels: { app: 'web' } },
    };
    expect(computeTemplateHash(a)).toBe(computeTemplateHash(template('nginx')));
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  });
  it('a different template or collision count gives a different hash', () => {
    const h = computeTemplateHash(template('nginx:1.25'));
    expect(computeTemplateHash(template('nginx:1.26'))).not.toBe(h);
    expect(computeTemplateHash(template('nginx:1.25'), 1)).not.toBe(h);
    expect(computeTemplateHash(template('nginx:1.25'), 1)).not.toBe(
      computeTemplateHash(template('nginx:1.25'), 2),
    );
  });
  it('is stable across runs and spelled in the vowel-free alphabet', () => {
    const h = computeTemplateHash(template('nginx:1.25'));
    expect(h).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(computeTemplateHash(template('nginx:1.25'))).toBe(h);
  });
  it('FNV-1a and the digit encoding behave as specified', () => {
    expect(fnv32a(new Uint8Array())).toBe(0x811c9dc5);
    expect(fnv32a(new TextEncoder().encode('a'))).toBe(0xe40c292c);
    // Each decimal digit's byte value modulo 27 picks the letter: '1' (49) → '5', '0' (48) → '4'.
    expect(safeEncode(1234567890)).toBe('56789bcdf4');
  });
});
