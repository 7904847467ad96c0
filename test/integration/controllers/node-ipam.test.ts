// The node IPAM controller against a real API server: Nodes get distinct /24s from
// 10.244.0.0/16, a deleted Node's range goes to the next Node, and a restarted controller reads
// the ranges already given out instead of handing them out again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Node } from 'kubernetes-types/core/v1';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver';
import { ApiClient, HttpTransport, SharedInformerFactory } from '../../../src-cluster/client';
import { EventRecorder } from '../../../src-cluster/client/events/event-recorder';
import {
  DEFAULT_CONTROLLER_FLAGS,
  type ControllerContext,
} from '../../../src-cluster/controllers/framework/context';
import { NODES_REF } from '../../../src-cluster/controllers/framework/resource-refs';
import { createNodeIpamController } from '../../../src-cluster/controllers/node-ipam';
import { defaultControllerRegistry } from '../../../src-cluster/controllers/registry';
import { realClock } from '../../../src-shared/util/clock';
import { nullTraceSink } from '../../../src-shared/trace';

let api: TestApiServer;
let transport: HttpTransport;
let client: ApiClient;

const nodes = () => client.resource<Node>(NODES_REF);

/** Starts one controller-manager term with only the IPAM controller; returns its stop(). */
async function startController(): Promise<() => Promise<void>> {
  const ac = new AbortController();
  const factory = new SharedInformerFactory(client, { clock: realClock });
  const ctx: ControllerContext = {
    client,
    factory,
    clock: realClock,
    trace: nullTraceSink,
    recorder: (component) => new EventRecorder(client, { component }),
    flags: { ...DEFAULT_CONTROLLER_FLAGS },
  };
  const controller = createNodeIpamController(ctx);
  factory.start(ac.signal);
  await factory.waitForCacheSync(ac.signal);
  const run = controller.run(ac.signal, 2);
  return async () => {
    ac.abort();
    await run;
    await factory.shutdown();
  };
}

async function podCidr(name: string, ms = 10_000): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const n = await nodes().get(name);
    const cidr = n.spec?.podCIDR;
    if (cidr) {
      expect(n.spec?.podCIDRs).toEqual([cidr]);
      return cidr;
    }
    if (Date.now() > deadline) throw new Error(`node ${name} got no podCIDR`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const addNode = (name: string) => nodes().create({ metadata: { name } });

beforeAll(async () => {
  api = await startTestApiServer();
  transport = new HttpTransport({ server: api.httpUrl });
  client = new ApiClient({ transport, component: 'kube-controller-manager' });
});

afterAll(async () => {
  transport?.close();
  await api?.stop();
});

describe('node IPAM controller', () => {
  it('is registered as nodeipam', () => {
    expect(defaultControllerRegistry().names()).toContain('nodeipam');
  });

  it('gives 3 Nodes distinct /24s, reuses a deleted one, and survives a restart', async () => {
    let stop = await startController();
    await Promise.all(['node-a', 'node-b', 'node-c'].map(addNode));
    const first = await Promise.all(['node-a', 'node-b', 'node-c'].map((n) => podCidr(n)));
    expect(new Set(first).size).toBe(3);
    for (const c of first) expect(c).toMatch(/^10\.244\.\d{1,3}\.0\/24$/);
    expect([...first].sort()).toEqual(['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24']);

    const freed = await podCidr('node-b');
    await nodes().delete('node-b');
    // Give the delete event time to reach the controller before the next Node arrives.
    await new Promise((r) => setTimeout(r, 300));
    await addNode('node-d');
    expect(await podCidr('node-d')).toBe(freed);

    // A new controller (a restart or a new leader) reads what is given out before allocating.
    await stop();
    stop = await startController();
    await addNode('node-e');
    const taken = new Set([await podCidr('node-a'), await podCidr('node-c'), freed]);
    const e = await podCidr('node-e');
    expect(taken.has(e)).toBe(false);
    expect(e).toBe('10.244.3.0/24');
    // Ranges already on Nodes are not rewritten.
    expect(await podCidr('node-a')).toBe(first[0]);
    await stop();
  });
});
