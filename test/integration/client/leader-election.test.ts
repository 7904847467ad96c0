// Leader election on a Lease through the real API server: exactly one of several candidates
// leads; when it stops, another takes over. Also the event recorder's aggregation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Event } from 'kubernetes-types/core/v1';
import type { Lease } from 'kubernetes-types/coordination/v1';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver';
import { ApiClient, HttpTransport } from '../../../src-cluster/client';
import { LeaderElector } from '../../../src-cluster/client/leaderelection/leader-elector';
import { EventRecorder, referenceTo } from '../../../src-cluster/client/events/event-recorder';
import { RESOURCES } from '../../../src-cluster/api/resources';

let api: TestApiServer;
let transport: HttpTransport;
let client: ApiClient;

beforeAll(async () => {
  api = await startTestApiServer();
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

describe('leader election', () => {
  it('elects exactly one leader and hands over when it stops', async () => {
    const leading = new Set<string>();
    const candidates = ['a', 'b', 'c'].map((id) => {
      const ac = new AbortController();
      const elector = new LeaderElector(client, {
        namespace: 'kube-system',
        name: 'kube-scheduler',
        identity: id,
        leaseDurationMs: 1500,
        renewDeadlineMs: 1000,
        retryPeriodMs: 200,
        onStartedLeading: (signal) => {
          leading.add(id);
          signal.addEventListener('abort', () => leading.delete(id));
        },
      });
      const run = elector.run(ac.signal);
      return { id, ac, elector, run };
    });
    expect(await until(() => leading.size === 1)).toBe(true);
    // Stay stable for a few retry periods: still exactly one.
    await new Promise((r) => setTimeout(r, 800));
    expect(leading.size).toBe(1);
    const first = [...leading][0]!;
    const lease = (await client
      .resource<Lease>(RESOURCES.find((r) => r.resource === 'leases')!)
      .namespace('kube-system')
      .get('kube-scheduler')) as Lease;
    expect(lease.spec?.holderIdentity).toBe(first);

    const leader = candidates.find((c) => c.id === first)!;
    leader.ac.abort();
    await leader.run;
    expect(await until(() => leading.size === 1 && !leading.has(first))).toBe(true);
    for (const c of candidates) c.ac.abort();
    await Promise.all(candidates.map((c) => c.run));
  });
});

describe('event recorder', () => {
  it('creates one Event per distinct occurrence and counts repeats', async () => {
    const rec = new EventRecorder(client, { component: 'default-scheduler' });
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-1', namespace: 'default', uid: 'u-1' },
    };
    rec.event(referenceTo(pod), 'Warning', 'FailedScheduling', '0/3 nodes are available');
    rec.event(referenceTo(pod), 'Warning', 'FailedScheduling', '0/3 nodes are available');
    rec.event(
      referenceTo(pod),
      'Normal',
      'Scheduled',
      'Successfully assigned default/web-1 to worker-1',
    );
    await rec.flush();
    const events = await client
      .resource<Event>(RESOURCES.find((r) => r.resource === 'events' && !r.group)!)
      .namespace('default')
      .list({ fieldSelector: 'involvedObject.name=web-1' });
    const byReason = Object.fromEntries(events.items.map((e) => [e.reason, e]));
    expect(events.items).toHaveLength(2);
    expect(byReason.FailedScheduling?.count).toBe(2);
    expect(byReason.Scheduled?.message).toBe('Successfully assigned default/web-1 to worker-1');
    expect(byReason.Scheduled?.source?.component).toBe('default-scheduler');
  });
});
