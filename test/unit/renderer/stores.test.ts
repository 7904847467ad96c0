// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { computed } from 'vue';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RendererApi } from '../../../src-shared/ipc';
import { setApi } from '../../../src-renderer/src/api/bridge';
import { useClusterStore } from '../../../src-renderer/src/stores/cluster';
import { useObjectsStore } from '../../../src-renderer/src/stores/objects';
import { inferNode, useTracesStore } from '../../../src-renderer/src/stores/traces';
import { pod, runningStatus } from './fixtures';

beforeEach(() => setActivePinia(createPinia()));

describe('objects store', () => {
  it('applies batches of changes and recomputes only the kinds they touch', () => {
    const objects = useObjectsStore();
    let podsComputed = 0;
    let nodesComputed = 0;
    const pods = computed(() => (podsComputed++, objects.list('Pod').length));
    const nodes = computed(() => (nodesComputed++, objects.list('Node').length));
    expect([pods.value, nodes.value]).toEqual([0, 0]);
    objects.applyChanges([
      { kind: 'Pod', type: 'ADDED', object: pod('a', 'worker-1') },
      { kind: 'Pod', type: 'ADDED', object: pod('b', 'worker-1') },
    ]);
    expect([pods.value, nodes.value]).toEqual([2, 0]);
    expect([podsComputed, nodesComputed]).toEqual([2, 1]);
    objects.applyChanges([{ kind: 'Pod', type: 'DELETED', object: pod('a') }]);
    expect(pods.value).toBe(1);
    expect(objects.get('Pod', 'default/b')?.spec.nodeName).toBe('worker-1');
  });
});

describe('traces store', () => {
  it('keeps a bounded recent list and attributes kubelet requests to their node', () => {
    const objects = useObjectsStore();
    objects.applyChanges([{ kind: 'Pod', type: 'ADDED', object: pod('web', 'worker-2') }]);
    const traces = useTracesStore();
    const events = Array.from({ length: 450 }, (_, i) => ({
      time: i,
      from: { component: 'kubelet' },
      to: { component: 'apiserver' },
      verb: 'patch',
      resource: 'pods',
      subresource: 'status',
      namespace: 'default',
      name: 'web',
    }));
    traces.add(events, 1000);
    expect(traces.recent).toHaveLength(400);
    expect(traces.total).toBe(450);
    const active = traces.activity.active(1000);
    expect(active[0]?.from).toEqual({ component: 'kubelet', instance: 'worker-2' });
  });

  it('infers a kubelet only from objects it owns', () => {
    const none = () => undefined;
    const e = { time: 0, from: { component: 'kubelet' }, verb: 'update' };
    expect(inferNode({ ...e, resource: 'nodes', name: 'worker-3' }, none)).toBe('worker-3');
    expect(inferNode({ ...e, resource: 'services', name: 'x' }, none)).toBeUndefined();
    expect(
      inferNode({ ...e, from: { component: 'scheduler' }, resource: 'nodes', name: 'w' }, none),
    ).toBeUndefined();
  });
});

describe('cluster store', () => {
  it('follows status events from the host and reports errors from create', async () => {
    let push: ((s: any) => void) | undefined;
    const fake = {
      cluster: {
        status: async () => ({ phase: 'absent', nodes: [], components: [], startup: [] }),
        drivers: async () => [{ id: 'no-vm', title: 'No VM', available: true }],
        create: async () => {
          throw new Error('a cluster is already running: stop it first');
        },
        onStatusChanged: (l: (s: any) => void) => ((push = l), () => {}),
      },
    } as unknown as RendererApi;
    setApi(fake);
    const cluster = useClusterStore();
    await cluster.init();
    expect(cluster.drivers).toHaveLength(1);
    push?.(runningStatus(2));
    expect(cluster.running).toBe(true);
    expect(cluster.allHealthy).toBe(true);
    await cluster.create({ masters: 1, workers: 2, driver: 'no-vm' });
    expect(cluster.error).toContain('already running');
    setApi(undefined);
  });
});
