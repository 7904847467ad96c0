/**
 * A pod's image pull belongs to its story: the kubelet sends the pod's sandbox config with
 * PullImage (as upstream does), so the trace of the pull carries the pod's uid and the replay of a
 * `kubectl apply` can show it between scheduling and the container's start.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TraceEvent } from '../../../src-shared/trace';
import {
  startEmbeddedCluster,
  type EmbeddedCluster,
} from '../../../src-cluster/cmd/cluster/embedded-cluster';
import { eventually, pods, readyPod } from './support';

let cluster: EmbeddedCluster;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubelab-pull-trace-'));
  cluster = await startEmbeddedCluster({ masters: 1, workers: 1, dataDir: dir });
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('traces the image pull with the uid of the pod it is for', async () => {
  const pulls: TraceEvent[] = [];
  const unsubscribe = cluster.trace.subscribe((e) => {
    if (e.verb === 'PullImage') pulls.push(e);
  });
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'pulled' },
    // A tag no other test pulls on this fresh node, with Always so a pull surely happens.
    spec: {
      containers: [
        { name: 'c', image: 'busybox:1.36', imagePullPolicy: 'Always', command: ['sleep', '3600'] },
      ],
    },
  };
  const created = await pods(cluster.client).create(pod);
  await eventually(
    async () => readyPod(await pods(cluster.client).get('pulled')),
    'pod Ready',
    30_000,
  );
  unsubscribe();
  expect(pulls.length).toBeGreaterThan(0);
  for (const p of pulls) expect(p.causalId).toBe(created.metadata!.uid);
}, 60_000);
