/**
 * A running pod costs the API server a handful of status writes, not a stream: the kubelet
 * reports each change once (ContainerCreating, Running/Ready) and then stays quiet. A regression
 * here once had every kubelet patch pods/status ~300 times a second per pod, as overlapping syncs
 * re-stamped startTime from the API's lagging copy — invisible in kubectl, ruinous for the
 * diagram and for a 500-pod cluster.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { TraceEvent } from '../../../src-shared/trace';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  startEmbeddedCluster,
  type EmbeddedCluster,
} from '../../../src-cluster/cmd/cluster/embedded-cluster';
import { eventually, pods, readyPod, res, webContainer } from './support';

let cluster: EmbeddedCluster;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubelab-status-writes-'));
  cluster = await startEmbeddedCluster({ masters: 1, workers: 2, dataDir: dir });
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('writes each pod’s status a few times while it starts, then not at all', async () => {
  const writes = new Map<string, number>();
  const unsubscribe = cluster.trace.subscribe((e: TraceEvent) => {
    if (e.verb === 'patch' && e.resource === 'pods' && e.subresource === 'status' && e.name)
      writes.set(e.name, (writes.get(e.name) ?? 0) + 1);
  });
  await cluster.client
    .resource<Deployment>(res('deployments', 'apps'))
    .namespace('default')
    .create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'quiet' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'quiet' } },
        template: {
          metadata: { labels: { app: 'quiet' } },
          spec: { containers: [webContainer()] },
        },
      },
    });
  await eventually(
    async () => {
      const list = await pods(cluster.client).list({ labelSelector: 'app=quiet' });
      return list.items.length === 3 && list.items.every(readyPod);
    },
    'three Ready pods',
    30_000,
  );
  const atReady = [...writes.values()].reduce((a, b) => a + b, 0);
  // Two more PLEG relists and sync rounds: a loop would add hundreds here.
  await new Promise((r) => setTimeout(r, 2500));
  unsubscribe();
  const perPod = [...writes.entries()].filter(([n]) => n.startsWith('quiet-'));
  expect(perPod).toHaveLength(3);
  for (const [name, n] of perPod) expect(n, `status writes for ${name}`).toBeLessThanOrEqual(4);
  expect([...writes.values()].reduce((a, b) => a + b, 0)).toBe(atReady);
}, 60_000);
