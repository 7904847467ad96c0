// kubelab's own client against kubelab's API server: typed CRUD errors, and a shared informer that
// lists, watches, survives the server going away, and re-lists after a 410 without losing a change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigMap } from 'kubernetes-types/core/v1';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver';
import {
  ApiClient,
  HttpTransport,
  SharedInformerFactory,
  isAlreadyExists,
  isConflict,
  isNotFound,
} from '../../../src-cluster/client';
import { RESOURCES } from '../../../src-cluster/api/resources';

const CONFIGMAPS = RESOURCES.find((r) => r.resource === 'configmaps')!;
let api: TestApiServer;
let transport: HttpTransport;
let client: ApiClient;
let port: number;

beforeAll(async () => {
  api = await startTestApiServer();
  port = Number(new URL(api.httpUrl).port);
  transport = new HttpTransport({ server: api.httpUrl });
  client = new ApiClient({ transport, component: 'test' });
});
afterAll(async () => {
  transport?.close();
  await api?.stop();
});

async function until(cond: () => boolean, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!cond() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  return cond();
}

describe('kubelab client against the kubelab API server', () => {
  it('maps Status errors to typed ApiErrors', async () => {
    const cms = client.resource<ConfigMap>(CONFIGMAPS).namespace('default');
    const a = await cms.create({ metadata: { name: 'typed' }, data: { k: 'v' } });
    await expect(cms.create({ metadata: { name: 'typed' } })).rejects.toSatisfy(isAlreadyExists);
    await expect(cms.get('nope')).rejects.toSatisfy(isNotFound);
    await cms.update({ ...structuredClone(a), data: { k: 'w' } });
    await expect(cms.update({ ...structuredClone(a), data: { k: 'x' } })).rejects.toSatisfy(
      isConflict,
    );
  });

  it('keeps an informer cache right across a server outage, compaction and 410 re-list', async () => {
    const cms = client.resource<ConfigMap>(CONFIGMAPS).namespace('default');
    const factory = new SharedInformerFactory(client);
    const informer = factory.informerFor<ConfigMap>(CONFIGMAPS, { namespace: 'default' });
    const log: string[] = [];
    informer.addEventHandler({
      onAdd: (o) => log.push(`add:${o.metadata!.name}`),
      onUpdate: (_o, n) => log.push(`update:${n.metadata!.name}`),
      onDelete: (o) => log.push(`delete:${o.metadata!.name}`),
    });
    const ac = new AbortController();
    factory.start(ac.signal);
    await factory.waitForCacheSync(ac.signal);
    await cms.create({ metadata: { name: 'kept' } });
    await cms.create({ metadata: { name: 'doomed' } });
    expect(await until(() => log.includes('add:doomed'))).toBe(true);

    // The server goes away; meanwhile (through another server on the same store) one object is
    // deleted, one added, and history is compacted, so the informer's resume point is gone.
    await api.server.close();
    const reg = api.server.registry('', 'v1', 'configmaps')!;
    await reg.delete('default', 'doomed');
    await reg.create('default', { metadata: { name: 'born-offline' } });
    await api.store.compact(await api.store.currentRevision());
    await api.server.listen({ insecurePort: port });

    expect(
      await until(() => log.includes('delete:doomed') && log.includes('add:born-offline')),
    ).toBe(true);
    const names = informer
      .lister()
      .list({ namespace: 'default' })
      .map((c) => c.metadata!.name)
      .sort();
    expect(names).toContain('kept');
    expect(names).toContain('born-offline');
    expect(names).not.toContain('doomed');
    ac.abort();
    await factory.shutdown();
  });
});
