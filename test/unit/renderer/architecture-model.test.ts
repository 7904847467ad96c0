import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../src-shared/trace';
import {
  buildArchitecture,
  withTraffic,
} from '../../../src-renderer/src/diagram/architecture-model';
import { EdgeActivity, classify } from '../../../src-renderer/src/diagram/edge-activity';
import { faultsFor } from '../../../src-renderer/src/diagram/fault-targets';
import { node, pod, runningStatus } from './fixtures';

const ev = (e: Partial<TraceEvent> & Pick<TraceEvent, 'from' | 'verb'>): TraceEvent => ({
  time: 0,
  ...e,
});

describe('architecture model', () => {
  it('draws the control plane and every node with its kubelet, kube-proxy, runtime and pods', () => {
    const a = buildArchitecture({ status: runningStatus(2), nodes: [], pods: [] });
    const ids = a.boxes.map((b) => b.id);
    for (const id of [
      'user',
      'cp',
      'apiserver/master-1',
      'store/master-1',
      'scheduler/master-1',
      'controller-manager/master-1',
      'dns/master-1',
      'node:worker-1',
      'kubelet/worker-1',
      'kube-proxy/worker-2',
      'runtime/worker-2',
      'pods:worker-2',
    ]) {
      expect(ids).toContain(id);
    }
    const links = a.links.map((l) => l.id);
    expect(links).toContain('e:scheduler/master-1->apiserver/master-1');
    expect(links).toContain('e:apiserver/master-1->store/master-1');
    expect(links).toContain('e:kubelet/worker-1->apiserver/master-1');
    expect(links).toContain('e:kubelet/worker-1->runtime/worker-1');
  });

  it('is deterministic: the same topology gives the same ids and positions', () => {
    const one = buildArchitecture({ status: runningStatus(5, 3), nodes: [], pods: [] });
    const two = buildArchitecture({
      status: runningStatus(5, 3),
      nodes: [node('worker-1', 'False')],
      pods: [pod('p', 'worker-1')],
    });
    expect(two.boxes.map((b) => [b.id, b.position])).toEqual(
      one.boxes.map((b) => [b.id, b.position]),
    );
    expect(two.links.map((l) => l.id)).toEqual(one.links.map((l) => l.id));
  });

  it('shows Ready like kubectl (Unknown is NotReady) and counts pods per node', () => {
    const a = buildArchitecture({
      status: runningStatus(2),
      nodes: [node('worker-1', 'Unknown'), node('worker-2', 'True')],
      pods: [pod('a', 'worker-2'), pod('b', 'worker-2', 'Pending'), pod('c')],
    });
    const g = (id: string) => a.boxes.find((b) => b.id === id)!.data;
    expect(g('node:worker-1').ready).toBe('NotReady');
    expect(g('node:worker-2').ready).toBe('Ready');
    expect(g('node:master-1').ready).toBe('not registered');
    expect(g('pods:worker-2').pods?.map((p) => p.name)).toEqual(['a', 'b']);
  });

  it('stays bounded with 5 nodes and 500 pods (at most 24 dots a node, the rest counted)', () => {
    const pods = Array.from({ length: 500 }, (_, i) => pod(`p${i}`, `worker-${(i % 5) + 1}`));
    const a = buildArchitecture({ status: runningStatus(5), nodes: [], pods });
    const box = a.boxes.find((b) => b.id === 'pods:worker-3')!;
    expect(box.data.label).toBe('100 pods');
    expect(box.data.pods).toHaveLength(24);
    expect(box.data.morePods).toBe(76);
  });

  it('synthesises the planned components while the cluster starts', () => {
    const s = { ...runningStatus(1), phase: 'starting' as const, components: [] };
    const a = buildArchitecture({ status: s, nodes: [], pods: [] });
    expect(a.boxes.find((b) => b.id === 'kubelet/worker-1')?.data.state).toBe('starting');
  });
});

describe('traffic on the diagram', () => {
  const base = buildArchitecture({ status: runningStatus(2), nodes: [], pods: [] });

  it('classifies trace events by what they are', () => {
    expect(classify(ev({ from: { component: 'apiserver' }, verb: 'watch-event' }))).toBe('watch');
    expect(
      classify(
        ev({
          from: { component: 'kubelet' },
          to: { component: 'apiserver' },
          verb: 'update',
          resource: 'leases',
        }),
      ),
    ).toBe('lease');
    expect(
      classify(
        ev({
          from: { component: 'kube-scheduler' },
          to: { component: 'apiserver' },
          verb: 'create',
          resource: 'pods',
          subresource: 'binding',
        }),
      ),
    ).toBe('binding');
    expect(
      classify(
        ev({ from: { component: 'kubelet' }, to: { component: 'runtime' }, verb: 'RunPodSandbox' }),
      ),
    ).toBe('cri');
  });

  it('lights the edge between the components an event names, in its direction', () => {
    const act = new EdgeActivity();
    act.record(
      [
        ev({
          from: { component: 'kube-scheduler' },
          to: { component: 'apiserver' },
          verb: 'get',
          resource: 'leases',
        }),
        ev({
          from: { component: 'kube-scheduler' },
          to: { component: 'apiserver' },
          verb: 'create',
          resource: 'pods',
          subresource: 'binding',
          name: 'web-1',
        }),
        ev({
          from: { component: 'kubelet', instance: 'worker-2' },
          to: { component: 'runtime', instance: 'worker-2' },
          verb: 'CreateContainer',
        }),
      ],
      1000,
    );
    const a = withTraffic(base, act.active(1000));
    const link = (id: string) => a.links.find((l) => l.id === id)!;
    // The binding wins over the lease renewal that shares the edge; both are counted.
    expect(link('e:scheduler/master-1->apiserver/master-1').traffic).toMatchObject({
      kind: 'binding',
      count: 2,
      reverse: false,
    });
    expect(link('e:kubelet/worker-2->runtime/worker-2').traffic?.kind).toBe('cri');
    expect(link('e:kubelet/worker-1->runtime/worker-1').traffic).toBeUndefined();
    expect(a.boxes.find((b) => b.id === 'runtime/worker-2')?.data.busy).toBe(true);
  });

  it('never guesses which kubelet spoke, unless told (inferred from the object)', () => {
    const e = ev({
      from: { component: 'kubelet' },
      to: { component: 'apiserver' },
      verb: 'update',
      resource: 'leases',
      name: 'worker-1',
    });
    const blind = new EdgeActivity();
    blind.record([e], 0);
    expect(withTraffic(base, blind.active(0)).links.some((l) => l.traffic)).toBe(false);
    const told = new EdgeActivity();
    told.record([e], 0, (x) => x.name);
    const lit = withTraffic(base, told.active(0)).links.filter((l) => l.traffic);
    expect(lit.map((l) => l.id)).toEqual(['e:kubelet/worker-1->apiserver/master-1']);
  });

  it('forgets traffic once it falls out of the window', () => {
    const act = new EdgeActivity(2000);
    act.record(
      [ev({ from: { component: 'kubectl' }, to: { component: 'apiserver' }, verb: 'create' })],
      0,
    );
    expect(act.active(1500)).toHaveLength(1);
    expect(act.prune(2500)).toBe(true);
    expect(act.active(2500)).toHaveLength(0);
  });

  it('offers the faults a box accepts, with its target', () => {
    const catalogue = [
      { kind: 'stop-kubelet', title: '', description: '', targets: 'node', usage: '<node>' },
      { kind: 'kill-scheduler', title: '', description: '', targets: 'cluster', usage: '' },
      { kind: 'crash-container', title: '', description: '', targets: 'pod', usage: '<ns>/<pod>' },
    ];
    const kubelet = base.boxes.find((b) => b.id === 'kubelet/worker-2')!.data;
    expect(faultsFor(kubelet, catalogue)).toMatchObject([
      { kind: 'stop-kubelet', target: 'worker-2' },
    ]);
    const sched = base.boxes.find((b) => b.id === 'scheduler/master-1')!.data;
    expect(faultsFor(sched, catalogue)).toMatchObject([{ kind: 'kill-scheduler', target: '' }]);
  });
});
