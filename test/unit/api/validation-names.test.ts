import { describe, expect, it } from 'vitest';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  validateAnnotations,
  validateLabels,
} from '../../../src-cluster/api/validation/names';

describe('name validators', () => {
  it('DNS-1123 label', () => {
    expect(isDNS1123Label('web-1')).toEqual([]);
    expect(isDNS1123Label('a'.repeat(64))).toContain('must be no more than 63 characters');
    expect(isDNS1123Label('-web')).toHaveLength(1);
  });
  it('DNS-1123 subdomain', () => {
    expect(isDNS1123Subdomain('kube-proxy.v1.example')).toEqual([]);
    expect(isDNS1123Subdomain('web_1')).toHaveLength(1);
    expect(isDNS1123Subdomain('a'.repeat(254))[0]).toBe('must be no more than 253 characters');
  });
  it('qualified names (label keys)', () => {
    expect(isQualifiedName('app.kubernetes.io/name')).toEqual([]);
    expect(isQualifiedName('/name')).toEqual(['prefix part must be non-empty']);
    expect(isQualifiedName('example.com/')).toEqual(['name part must be non-empty']);
    expect(isQualifiedName('a/b/c')[0]).toMatch(/^a qualified name must consist of/);
    expect(isQualifiedName('Example.com/x')[0]).toMatch(
      /^prefix part a lowercase RFC 1123 subdomain/,
    );
    expect(isQualifiedName('x'.repeat(64))).toEqual([
      'name part must be no more than 63 characters',
    ]);
  });
  it('label values', () => {
    expect(isValidLabelValue('')).toEqual([]);
    expect(isValidLabelValue('v1.2_x')).toEqual([]);
    expect(isValidLabelValue('-x')).toHaveLength(1);
  });
  it('port names', () => {
    expect(isValidPortName('http')).toEqual([]);
    expect(isValidPortName('http--alt')).toEqual(['must not contain consecutive hyphens (-)']);
    expect(isValidPortName('a-very-long-port-name')).toEqual([
      'must be no more than 15 characters',
    ]);
    expect(isValidPortName('-web')).toEqual(['must not begin or end with a hyphen (-)']);
  });
  it('label and annotation maps report at the map path', () => {
    expect(validateLabels({ 'bad key!': 'v' }, 'metadata.labels')[0]).toMatchObject({
      reason: 'FieldValueInvalid',
      field: 'metadata.labels',
    });
    expect(validateAnnotations({ 'Example.COM/Key': 'v' }, 'metadata.annotations')).toEqual([]);
  });
});
