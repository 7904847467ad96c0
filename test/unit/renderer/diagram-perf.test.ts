// @vitest-environment happy-dom
/**
 * 5 workers and 500 pods: the diagram's layout is computed once per topology change, never per
 * pod update; object batches are folded into one recomputation per animation frame.
 */
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject, ObjectChange } from '../../../src-shared/ipc';
import { buildArchitecture } from '../../../src-renderer/src/diagram/architecture-model';
import { createDiagramModel, topologyKey } from '../../../src-renderer/src/diagram/diagram-model';
import { createFrameBatcher } from '../../../src-renderer/src/diagram/frame-batch';
import { useObjectsStore } from '../../../src-renderer/src/stores/objects';
import { node, pod, runningStatus } from './fixtures';

beforeEach(() => setActivePinia(createPinia()));

const workers = ['worker-1', 'worker-2', 'worker-3', 'worker-4', 'worker-5'];

function fiveHundredPods(): KubeObject[] {
  return Array.from({ length: 500 }, (_, i) =>
    pod(`web-${i}`, workers[i % 5], i % 7 === 0 ? 'Pending' : 'Running'),
  );
}

describe('diagram model under load', () => {
  it('lays out once for 500 pods and 300 update batches, and again only when a node joins', () => {
    const objects = useObjectsStore();
    const model = createDiagramModel();
    let status = runningStatus(5);
    const input = () => ({
      status,
      nodes: objects.list('Node'),
      pods: objects.list('Pod'),
    });
    objects.reset({ Node: workers.map((w) => node(w, 'True')), Pod: fiveHundredPods() });
    let arch = model.update(input());
    expect(model.layouts).toBe(1);
    // A stream of pod status updates, as the host batches them.
    for (let round = 0; round < 300; round++) {
      const changes: ObjectChange[] = Array.from({ length: 5 }, (_, j) => ({
        kind: 'Pod',
        type: 'MODIFIED',
        object: pod(`web-${(round * 5 + j) % 500}`, workers[j], round % 2 ? 'Running' : 'Pending'),
      }));
      objects.applyChanges(changes);
      arch = model.update(input());
    }
    // Health and readiness changes restyle only.
    status = {
      ...status,
      components: status.components.map((c) =>
        c.id === 'kubelet/worker-3' ? { ...c, state: 'down' as const } : c,
      ),
    };
    objects.applyChanges([{ kind: 'Node', type: 'MODIFIED', object: node('worker-3', 'False') }]);
    arch = model.update(input());
    expect(model.layouts).toBe(1);
    const counts = arch.boxes
      .filter((b) => b.type === 'pods')
      .reduce((n, b) => n + (b.data.pods?.length ?? 0) + (b.data.morePods ?? 0), 0);
    expect(counts).toBe(500);
    expect(arch.boxes.find((b) => b.id === 'kubelet/worker-3')?.data.state).toBe('down');
    expect(arch.boxes.find((b) => b.id === 'node:worker-3')?.data.ready).toBe('NotReady');
    // A sixth worker is a new topology: one more layout.
    status = runningStatus(6);
    arch = model.update(input());
    expect(model.layouts).toBe(2);
    expect(arch.boxes.some((b) => b.id === 'node:worker-6')).toBe(true);
  });

  it('restyles to exactly what a full build would draw', () => {
    const status = runningStatus(5, 3);
    const nodes = workers.map((w, i) => node(w, i === 1 ? 'Unknown' : 'True'));
    const pods = fiveHundredPods();
    const model = createDiagramModel();
    model.update({ status, nodes: [], pods: [] });
    expect(model.update({ status, nodes, pods })).toEqual(
      buildArchitecture({ status, nodes, pods }),
    );
  });

  it('keys the topology on components and nodes, not on health', () => {
    const a = runningStatus(2);
    const b = { ...a, components: a.components.map((c) => ({ ...c, state: 'down' as const })) };
    expect(topologyKey(a)).toBe(topologyKey(b));
    expect(topologyKey(a)).not.toBe(topologyKey(runningStatus(3)));
  });
});

describe('frame batcher', () => {
  it('runs the job once per frame however many requests came in', () => {
    const frames: (() => void)[] = [];
    let runs = 0;
    const b = createFrameBatcher(() => runs++, {
      schedule: (cb) => frames.push(cb),
      cancelFrame: () => undefined,
    });
    for (let i = 0; i < 100; i++) b.request();
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(runs).toBe(1);
    b.request();
    b.request();
    frames.shift()!();
    expect(runs).toBe(2);
    expect(b.runs).toBe(2);
  });

  it('waits out the minimum interval, then runs once for everything asked meanwhile', () => {
    const frames: (() => void)[] = [];
    const delays: [() => void, number][] = [];
    let t = 1000;
    let runs = 0;
    const b = createFrameBatcher(() => runs++, {
      schedule: (cb) => frames.push(cb),
      minIntervalMs: 250,
      now: () => t,
      delay: (cb, ms) => delays.push([cb, ms]),
    });
    b.request();
    frames.shift()!();
    expect(runs).toBe(1);
    t += 100;
    for (let i = 0; i < 50; i++) b.request();
    expect(frames).toHaveLength(0);
    expect(delays.map(([, ms]) => ms)).toEqual([150]);
    t += 150;
    delays.shift()![0]();
    frames.shift()!();
    expect(runs).toBe(2);
  });
});
