import { describe, expect, it } from 'vitest';
import type { StoredObject } from '../../../../src-cluster/api/object';
import { RESOURCES } from '../../../../src-cluster/api/resources';
import { hasOwnPrinter, tableWatchEncoder, toTable } from '../../../../src-cluster/api/printers';
import { HOUR, NOW, SEC, ago, res } from './fixtures';

const pods = res('', 'pods');

function pod(name: string, rv: string, namespace = 'default'): StoredObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      uid: `uid-${name}`,
      resourceVersion: rv,
      creationTimestamp: ago(HOUR),
      labels: { app: 'nginx' },
    },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
    status: { phase: 'Pending' },
  };
}

describe('toTable: the Table kubectl get receives', () => {
  it('carries list metadata, column definitions and one row per object, in order', () => {
    const t = toTable(pods, [pod('a', '5'), pod('b', '7', 'kube-system')], {
      now: NOW,
      listMeta: { resourceVersion: '1018', continue: 'tok', remainingItemCount: 3 },
    });
    expect(t.kind).toBe('Table');
    expect(t.apiVersion).toBe('meta.k8s.io/v1');
    expect(t.metadata).toEqual({ resourceVersion: '1018', continue: 'tok', remainingItemCount: 3 });
    expect(t.columnDefinitions!.map((c) => c.name)).toEqual([
      'Name',
      'Ready',
      'Status',
      'Restarts',
      'Age',
      'IP',
      'Node',
      'Nominated Node',
      'Readiness Gates',
    ]);
    expect(t.columnDefinitions![0]).toMatchObject({ format: 'name', priority: 0 });
    expect(t.rows.map((r) => r.cells[0])).toEqual(['a', 'b']);
  });

  it('gives each row a PartialObjectMetadata by default, so -A and --show-labels work', () => {
    const t = toTable(pods, [pod('b', '7', 'kube-system')], { now: NOW });
    expect(t.rows[0]!.object).toEqual({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: pod('b', '7', 'kube-system').metadata,
    });
    expect(t.rows[0]!.object).not.toHaveProperty('spec');
  });

  it('puts the full object in rows for includeObject=Object (--sort-by) and none for None', () => {
    const p = pod('a', '5');
    expect(toTable(pods, [p], { now: NOW, includeObject: 'Object' }).rows[0]!.object).toEqual(p);
    expect(toTable(pods, [p], { now: NOW, includeObject: 'None' }).rows[0]).not.toHaveProperty(
      'object',
    );
  });

  it('speaks v1beta1 throughout when asked', () => {
    const t = toTable(pods, [pod('a', '5')], { now: NOW, tableVersion: 'v1beta1' });
    expect(t.apiVersion).toBe('meta.k8s.io/v1beta1');
    expect(t.rows[0]!.object).toMatchObject({ apiVersion: 'meta.k8s.io/v1beta1' });
  });

  it('makes a single GET a one-row Table at the object resourceVersion', () => {
    const t = toTable(pods, [pod('kube-proxy-9xq4z', '1009', 'kube-system')], { now: NOW });
    expect(t.rows).toHaveLength(1);
    expect(t.metadata).toEqual({ resourceVersion: '1009' });
  });

  it('omits column definitions with noHeaders and returns no rows for an empty list', () => {
    expect(toTable(pods, [pod('a', '5')], { now: NOW, noHeaders: true })).not.toHaveProperty(
      'columnDefinitions',
    );
    const empty = toTable(pods, [], { now: NOW, listMeta: { resourceVersion: '9' } });
    expect([empty.rows, empty.metadata]).toEqual([[], { resourceVersion: '9' }]);
    expect(empty.columnDefinitions).toHaveLength(9);
  });

  it('prints kinds without a printer as Name and Created At', () => {
    const widget = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w1', namespace: 'default', creationTimestamp: '2026-11-20T08:00:00Z' },
    };
    const t = toTable({ group: 'example.com', resource: 'widgets' }, [widget], { now: NOW });
    expect(t.columnDefinitions!.map((c) => [c.name, c.type, c.format])).toEqual([
      ['Name', 'string', 'name'],
      ['Created At', 'date', ''],
    ]);
    expect(t.rows[0]!.cells).toEqual(['w1', '2026-11-20T08:00:00Z']);
  });
});

describe('every served resource', () => {
  it('has a printer of its own', () => {
    expect(RESOURCES.filter((r) => !hasOwnPrinter(r)).map((r) => r.resource)).toEqual([]);
  });

  it.each(RESOURCES.map((r) => [`${r.group || 'core'}/${r.resource}`, r] as const))(
    '%s prints one cell per column even for a bare object',
    (_name, info) => {
      const bare = { metadata: { name: 'x' } };
      const t = toTable(info, [bare], { now: NOW });
      expect(t.rows[0]!.cells).toHaveLength(t.columnDefinitions!.length);
      expect(t.rows[0]!.cells[t.columnDefinitions!.findIndex((c) => c.format === 'name')]).toBe(
        'x',
      );
    },
  );
});

describe('tableWatchEncoder: kubectl get -w', () => {
  it('sends column definitions only with the first event, ages from the clock at send time', () => {
    let now = NOW;
    const encode = tableWatchEncoder(pods, { now: () => now });
    const added = encode(pod('busy-1', '1019'));
    now += 2 * SEC;
    const deleting = {
      ...pod('busy-1', '1020'),
      metadata: { ...pod('busy-1', '1020').metadata, deletionTimestamp: ago(0) },
    };
    const modified = encode(deleting);
    expect(added.columnDefinitions).toHaveLength(9);
    expect(modified).not.toHaveProperty('columnDefinitions');
    expect([added.metadata, modified.metadata]).toEqual([
      { resourceVersion: '1019' },
      { resourceVersion: '1020' },
    ]);
    expect(modified.rows).toHaveLength(1);
    expect(modified.rows[0]!.cells.slice(0, 3)).toEqual(['busy-1', '0/1', 'Terminating']);
    expect(modified.rows[0]!.object).toMatchObject({ kind: 'PartialObjectMetadata' });
  });

  it('passes includeObject and the table version through', () => {
    const encode = tableWatchEncoder(pods, {
      now: () => NOW,
      includeObject: 'Object',
      tableVersion: 'v1beta1',
    });
    const t = encode(pod('a', '3'));
    expect(t.apiVersion).toBe('meta.k8s.io/v1beta1');
    expect(t.rows[0]!.object).toMatchObject({ kind: 'Pod', spec: {} });
  });
});
