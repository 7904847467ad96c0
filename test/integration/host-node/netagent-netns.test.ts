/**
 * The node agent against a real kernel routing table, inside a throwaway network namespace: Nodes
 * come and go through a real API server, and the agent's `ip route` commands run under
 * `ip netns exec`. Routes appear for real nodes, never for sim nodes on loopback, follow a changed
 * address, disappear with their Node, and stop() removes every route the agent added while leaving
 * other routes alone. Needs root and iproute2.
 */
import { spawnSync } from 'node:child_process';
import type { Node } from 'kubernetes-types/core/v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOURCES } from '../../../src-cluster/api/resources';
import { ApiClient, HttpTransport } from '../../../src-cluster/client';
import { NodeAgent } from '../../../src-cluster/netagent/node-agent';
import { execRunner } from '../../../src-cluster/proxy/iptables/command-runner';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver';

const NODES = RESOURCES.find((r) => r.resource === 'nodes')!;
const NS = `klna${process.pid.toString(36)}`.slice(0, 12);
const isRoot = process.getuid?.() === 0;

function ip(...args: string[]): string {
  const r = spawnSync('ip', ['netns', 'exec', NS, 'ip', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}
const routes = () =>
  ip('-4', 'route', 'show')
    .split('\n')
    .map((l) => l.trim().replace(/\s+$/, ''))
    .filter(Boolean);

let api: TestApiServer;
let client: ApiClient;

async function putNode(name: string, address: string, cidr?: string): Promise<void> {
  const nodes = client.resource<Node>(NODES);
  let n: Node;
  try {
    n = await nodes.get(name);
  } catch {
    n = await nodes.create({ apiVersion: 'v1', kind: 'Node', metadata: { name } });
  }
  if (cidr) n = await nodes.update({ ...n, spec: { ...n.spec, podCIDR: cidr, podCIDRs: [cidr] } });
  await nodes.updateStatus({ ...n, status: { addresses: [{ type: 'InternalIP', address }] } });
}

async function until(what: string, f: () => boolean): Promise<void> {
  const end = Date.now() + 10_000;
  while (!f()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${routes().join(' | ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!isRoot)('node agent in a private netns', () => {
  beforeAll(async () => {
    spawnSync('ip', ['netns', 'del', NS]);
    const add = spawnSync('ip', ['netns', 'add', NS], { encoding: 'utf8' });
    if (add.status !== 0) throw new Error(`ip netns add: ${add.stderr}`);
    // A veth pair inside the namespace gives it a connected lab segment 198.51.100.0/24 (no dummy
    // module here); next hops must be on it, as on a real L2 segment.
    ip('link', 'add', 'lab0', 'type', 'veth', 'peer', 'name', 'lab1');
    ip('addr', 'add', '198.51.100.1/24', 'dev', 'lab0');
    ip('link', 'set', 'lab0', 'up');
    ip('link', 'set', 'lab1', 'up');
    api = await startTestApiServer();
    client = new ApiClient({
      transport: new HttpTransport({ server: api.httpUrl }),
      component: 'node-agent',
    });
  });

  afterAll(async () => {
    await api?.stop();
    spawnSync('ip', ['netns', 'del', NS]);
  });

  it('adds, moves and removes host-gw routes, and removes its own routes on stop', async () => {
    await putNode('self', '198.51.100.1', '10.244.3.0/24');
    await putNode('node-b', '198.51.100.2', '10.244.4.0/24');
    await putNode('worker-1', '127.0.0.1', '10.244.1.0/24');
    // Somebody else's route in the same table: the agent must never touch it.
    ip('route', 'add', '10.99.0.0/16', 'via', '198.51.100.254');
    const agent = new NodeAgent({
      client,
      nodeName: 'self',
      runner: execRunner(['ip', 'netns', 'exec', NS]),
    });
    await agent.start();
    expect(routes()).toContain('10.244.4.0/24 via 198.51.100.2 dev lab0 proto 77');
    expect(routes().some((r) => r.startsWith('10.244.1.0/24'))).toBe(false);
    expect(agent.plan().skipped.map((s) => s.node)).toEqual(['worker-1']);

    await putNode('node-c', '198.51.100.3', '10.244.5.0/24');
    await until('node-c route', () =>
      routes().includes('10.244.5.0/24 via 198.51.100.3 dev lab0 proto 77'),
    );
    await putNode('node-b', '198.51.100.12');
    await until('node-b moved', () =>
      routes().includes('10.244.4.0/24 via 198.51.100.12 dev lab0 proto 77'),
    );
    await client.resource<Node>(NODES).delete('node-c');
    await until('node-c route gone', () => !routes().some((r) => r.startsWith('10.244.5.0/24')));

    // A next hop off every connected network is refused by the kernel: reported, not fatal.
    await putNode('far', '203.0.113.7', '10.244.6.0/24');
    await until('far refused', () => !agent.healthy());
    expect(routes().some((r) => r.startsWith('10.244.4.0/24'))).toBe(true);

    const removed = await agent.stop();
    expect(removed).toEqual([{ dst: '10.244.4.0/24', via: '198.51.100.12' }]);
    expect(routes().filter((r) => r.includes('proto 77'))).toEqual([]);
    expect(routes()).toContain('10.99.0.0/16 via 198.51.100.254 dev lab0');
  });
});
