import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { findResource } from '../../../src-cluster/api/resources';
import { ApiClient } from '../../../src-cluster/client/client';
import { HttpTransport } from '../../../src-cluster/client/http-transport';
import { SharedInformerFactory } from '../../../src-cluster/client/informer/factory';
import {
  Indexer,
  NAMESPACE_INDEX,
  fieldIndexFunc,
  namespaceIndexFunc,
} from '../../../src-cluster/client/informer/indexer';
import { objectKey, splitKey } from '../../../src-cluster/client/informer/keys';
import { labelSelectorMatches } from '../../../src-cluster/client/informer/label-selector';
import { Lister } from '../../../src-cluster/client/informer/lister';
import { FakeClock } from '../../../src-shared/util/clock';
import { FakeApiServer } from './fake-apiserver';
import { waitFor } from './wait';

const pods = findResource('', 'v1', 'pods')!;
const nodes = findResource('', 'v1', 'nodes')!;

function pod(ns: string, name: string, node?: string, labels?: Record<string, string>): Pod {
  return { metadata: { namespace: ns, name, labels }, spec: { containers: [], nodeName: node } };
}

describe('keys', () => {
  it('uses namespace/name, or name for cluster-scoped objects, and splits them back', () => {
    expect(objectKey(pod('ns', 'a'))).toBe('ns/a');
    expect(objectKey({ metadata: { name: 'node-1' } })).toBe('node-1');
    expect(splitKey('ns/a')).toEqual({ namespace: 'ns', name: 'a' });
    expect(splitKey('node-1')).toEqual({ namespace: '', name: 'node-1' });
    expect(() => splitKey('a/b/c')).toThrow();
  });
});

describe('Indexer and Lister', () => {
  it('keeps custom indexes current through updates and removals', () => {
    const idx = new Indexer<Pod>({
      [NAMESPACE_INDEX]: namespaceIndexFunc,
      nodeName: fieldIndexFunc('spec.nodeName'),
    });
    idx.upsert(pod('a', 'p1', 'n1'));
    idx.upsert(pod('a', 'p2', 'n1'));
    idx.upsert(pod('b', 'p3'));
    expect(idx.indexKeys('nodeName', 'n1').sort()).toEqual(['a/p1', 'a/p2']);
    idx.upsert(pod('a', 'p2', 'n2')); // rescheduled: moves between index values
    expect(idx.indexKeys('nodeName', 'n1')).toEqual(['a/p1']);
    expect(idx.indexKeys('nodeName', 'n2')).toEqual(['a/p2']);
    idx.remove('a/p1');
    expect(idx.indexKeys('nodeName', 'n1')).toEqual([]);
    expect(idx.byIndex(NAMESPACE_INDEX, 'b').map((p) => p.metadata?.name)).toEqual(['p3']);
    expect(() => idx.byIndex('nope', 'x')).toThrow(/does not exist/);
  });

  it('indexes existing objects when an index is added later', () => {
    const idx = new Indexer<Pod>();
    idx.upsert(pod('a', 'p1', 'n1'));
    idx.addIndexers({ nodeName: fieldIndexFunc('spec.nodeName') });
    expect(idx.indexKeys('nodeName', 'n1')).toEqual(['a/p1']);
  });

  it('lists by namespace and label selector', () => {
    const idx = new Indexer<Pod>({ [NAMESPACE_INDEX]: namespaceIndexFunc });
    idx.upsert(pod('a', 'web-1', undefined, { app: 'web', tier: 'fe' }));
    idx.upsert(pod('a', 'db-1', undefined, { app: 'db' }));
    idx.upsert(pod('b', 'web-2', undefined, { app: 'web' }));
    const lister = new Lister(idx);
    const names = (ps: Pod[]) => ps.map((p) => p.metadata?.name).sort();
    expect(names(lister.list({ namespace: 'a' }))).toEqual(['db-1', 'web-1']);
    expect(names(lister.list({ selector: { matchLabels: { app: 'web' } } }))).toEqual([
      'web-1',
      'web-2',
    ]);
    expect(
      names(
        lister.list({
          namespace: 'a',
          selector: { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] },
        }),
      ),
    ).toEqual(['db-1']);
    expect(lister.get('b', 'web-2')?.metadata?.name).toBe('web-2');
    expect(lister.getByKey('a/db-1')?.metadata?.name).toBe('db-1');
  });

  it('matches label selector operators like upstream', () => {
    const l = { app: 'web', env: 'prod' };
    expect(labelSelectorMatches({}, l)).toBe(true);
    expect(
      labelSelectorMatches(
        { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }] },
        l,
      ),
    ).toBe(true);
    expect(
      labelSelectorMatches(
        { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] },
        l,
      ),
    ).toBe(false);
    expect(
      labelSelectorMatches(
        { matchExpressions: [{ key: 'x', operator: 'NotIn', values: ['a'] }] },
        l,
      ),
    ).toBe(true);
    expect(
      labelSelectorMatches({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, l),
    ).toBe(true);
    expect(labelSelectorMatches({ matchLabels: { app: 'db' } }, l)).toBe(false);
  });
});

describe('SharedInformerFactory', () => {
  const server = new FakeApiServer();
  let transport: HttpTransport;
  let client: ApiClient;

  beforeAll(async () => {
    transport = new HttpTransport({ server: await server.start() });
    client = new ApiClient({ transport, component: 'factory-test' });
  });
  afterAll(async () => {
    transport.close();
    await server.stop();
  });

  it('shares one informer (one list, one watch) per resource and serves custom indexes', async () => {
    server.serverPut('/pods', {
      metadata: { name: 'p1', namespace: 'default' },
      spec: { nodeName: 'n1' },
    });
    server.serverPut('/nodes', { metadata: { name: 'n1' } });
    const factory = new SharedInformerFactory(client, { clock: new FakeClock() });
    const a = factory.informerFor<Pod>(pods, {
      indexers: { nodeName: fieldIndexFunc('spec.nodeName') },
    });
    const b = factory.informerFor<Pod>(pods);
    const n = factory.informerFor(nodes);
    expect(a).toBe(b);
    expect(n).not.toBe(a);
    const abort = new AbortController();
    factory.start(abort.signal);
    expect(await factory.waitForCacheSync()).toBe(true);
    expect(server.count('GET', '/api/v1/pods?limit=')).toBe(1);
    expect(
      b
        .lister()
        .byIndex('nodeName', 'n1')
        .map((p) => p.metadata?.name),
    ).toEqual(['p1']);
    expect(n.lister().get(undefined, 'n1')?.metadata?.name).toBe('n1');
    await waitFor(() => server.openWatches === 2, 'two watches');
    abort.abort();
    await factory.shutdown();
  });
});
