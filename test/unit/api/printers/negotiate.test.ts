import { describe, expect, it } from 'vitest';
import { wantsTable } from '../../../../src-cluster/api/printers';

/** Byte for byte what kubectl 1.20 and 1.32 send for `kubectl get`. */
const KUBECTL =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

describe('wantsTable', () => {
  it('picks a v1 Table for the kubectl get header', () => {
    expect(wantsTable(KUBECTL)).toBe('v1');
  });

  it('serves plain JSON to -o json/-o yaml, client libraries and header-less requests', () => {
    expect(wantsTable('application/json')).toBeNull();
    expect(wantsTable('application/json, */*')).toBeNull();
    expect(wantsTable('*/*')).toBeNull();
    expect(wantsTable(undefined)).toBeNull();
    expect(wantsTable('')).toBeNull();
  });

  it('falls back to v1beta1 for an old client that only offers it', () => {
    expect(wantsTable('application/json;as=Table;v=v1beta1;g=meta.k8s.io, application/json')).toBe(
      'v1beta1',
    );
  });

  it('skips Table clauses it cannot serve and lets the next clause decide', () => {
    expect(wantsTable('application/json;as=Table;v=v2;g=meta.k8s.io,application/json')).toBeNull();
    expect(
      wantsTable(
        'application/json;as=Table;v=v1;g=example.com,application/json;as=Table;v=v1beta1;g=meta.k8s.io',
      ),
    ).toBe('v1beta1');
    expect(
      wantsTable(
        'application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io,application/json',
      ),
    ).toBeNull();
  });

  it('honours q-values before header order', () => {
    expect(wantsTable('application/json;q=0.5,application/json;as=Table;v=v1;g=meta.k8s.io')).toBe(
      'v1',
    );
    expect(
      wantsTable('application/json;as=Table;v=v1;g=meta.k8s.io;q=0.1,application/json;q=0.9'),
    ).toBeNull();
    expect(wantsTable('application/json;as=Table;v=v1;g=meta.k8s.io;q=0')).toBeNull();
  });

  it('accepts YAML and wildcard media types, spacing and quoted values', () => {
    expect(wantsTable('application/yaml;as=Table;v=v1;g=meta.k8s.io')).toBe('v1');
    expect(wantsTable('*/*; as=Table; v=v1; g=meta.k8s.io')).toBe('v1');
    expect(wantsTable('application/json;as="Table";v="v1";g="meta.k8s.io"')).toBe('v1');
  });

  it('is not fooled by other transformations', () => {
    expect(
      wantsTable(
        'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json',
      ),
    ).toBeNull();
  });
});
