/**
 * Replay of a real `kubectl apply`: the fixture is the trace a no-VM cluster (1 master, 2 workers)
 * recorded while kubectl created a 3-replica Deployment (recorded with the embedded cluster and
 * /usr/bin/kubectl; see fixtures/README.md).
 */
import { describe, expect, it } from 'vitest';
import { SequenceRecorder, type ApplySequence } from '../../../src-shared/apply-sequence';
import type { TraceEvent } from '../../../src-shared/trace';
import { buildArchitecture } from '../../../src-renderer/src/diagram/architecture-model';
import { describeStep, highlightFor } from '../../../src-renderer/src/diagram/replay-steps';
import trace from './fixtures/kubectl-apply-trace.json';
import { runningStatus } from './fixtures';

const events = trace as TraceEvent[];

function record(evs: readonly TraceEvent[], opts = {}): ApplySequence[] {
  const r = new SequenceRecorder(opts);
  for (const e of evs) r.add(e);
  return r.sequences();
}

const label = (e: TraceEvent) =>
  [e.from.component, e.to?.component ?? '', e.verb, e.resource ?? '', e.subresource ?? ''].join(
    ' ',
  );

describe('apply sequence recorder', () => {
  it('follows one kubectl apply from the Deployment to each pod running', () => {
    const [seq, ...rest] = record(events);
    expect(rest).toHaveLength(0);
    expect(seq).toMatchObject({ kind: 'Deployment', namespace: 'default', name: 'web' });
    expect(seq!.by).toBe('kubectl');
    expect(seq!.podsSeen).toBe(3);
    expect(seq!.podsFollowed).toHaveLength(3);
    expect(seq!.complete).toBe(true);
    // Every step is one of the recorded events, unchanged, in time order.
    for (const s of seq!.steps) expect(events).toContain(s.event);
    const times = seq!.steps.map((s) => s.event.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const labels = seq!.steps.map((s) => label(s.event));
    expect(labels[0]).toBe('kubectl apiserver create deployments ');
    const first = (l: string) => labels.findIndex((x) => x.startsWith(l));
    const order = [
      'kubectl apiserver create deployments',
      'apiserver kube-controller-manager watch-event deployments',
      'kube-controller-manager apiserver create replicasets',
      'apiserver kube-controller-manager watch-event replicasets',
      'kube-controller-manager apiserver create pods',
      'apiserver kube-scheduler watch-event pods',
      'scheduler  schedule pods',
      'scheduler apiserver bind pods',
      'apiserver kubelet watch-event pods',
      'kubelet runtime RunPodSandbox',
      'kubelet runtime CreateContainer',
      'kubelet runtime StartContainer',
    ];
    const at = order.map(first);
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });

  it('gives every pod its own causal chain: schedule, bind, sandbox, container, status', () => {
    const [seq] = record(events);
    for (const pod of seq!.podsFollowed) {
      const mine = seq!.steps.filter((s) => s.pod === pod);
      const node = mine.find((s) => s.event.verb === 'bind')?.event.detail?.['node'];
      expect(node).toMatch(/^worker-/);
      // The CRI calls ran on the node the binding named, and carry the uid the scheduler saw.
      const uid = mine.find((s) => s.event.verb === 'schedule')?.event.causalId;
      const cri = mine.filter((s) => s.event.to?.component === 'runtime');
      expect(cri.map((s) => s.event.verb)).toEqual([
        'RunPodSandbox',
        'CreateContainer',
        'StartContainer',
      ]);
      for (const s of cri) {
        expect(s.event.from.instance).toBe(node);
        expect(s.event.causalId).toBe(uid);
      }
      expect(mine.every((s) => s.node === node)).toBe(true);
      const status = mine.filter((s) => s.event.subresource === 'status');
      expect(status.length).toBe(2);
      expect(status[1]!.event.time).toBeGreaterThanOrEqual(cri[2]!.event.time);
    }
  });

  it('leaves out the noise: leases, syncs, periodic CRI polls, status heartbeats', () => {
    const [seq] = record(events);
    expect(events.length).toBeGreaterThan(300);
    expect(seq!.steps.length).toBeLessThan(60);
    for (const s of seq!.steps) {
      expect(s.event.resource).not.toBe('leases');
      expect(['sync', 'ListPodSandbox', 'ListContainers', 'ContainerStatus']).not.toContain(
        s.event.verb,
      );
    }
  });

  it('counts every pod but follows only the first few', () => {
    const [seq] = record(events, { followPods: 1 });
    expect(seq!.podsSeen).toBe(3);
    expect(seq!.podsFollowed).toHaveLength(1);
    const pods = new Set(seq!.steps.map((s) => s.pod).filter(Boolean));
    expect(pods.size).toBe(1);
  });

  it('records nothing without an apply, and keeps applies apart', () => {
    const trigger = events.findIndex((e) => e.verb === 'create' && e.resource === 'deployments');
    // Everything but the apply request itself: no sequence.
    expect(record(events.filter((_, i) => i !== trigger))).toHaveLength(0);
    // Two applies in two namespaces: each sequence keeps to its own namespace.
    const other = events.map((e) =>
      e.namespace === 'default' ? { ...e, namespace: 'team-b' } : e,
    );
    const t0 = events[events.length - 1]!.time + 10_000;
    const later = other.map((e) => ({ ...e, time: e.time - events[0]!.time + t0 }));
    const seqs = record([...events, ...later]);
    expect(seqs.map((s) => s.namespace)).toEqual(['team-b', 'default']);
    expect(
      seqs[0]!.steps.every(
        (s) => s.event.namespace === undefined || s.event.namespace === 'team-b',
      ),
    ).toBe(true);
  });
});

describe('apply sequence recorder, cleared', () => {
  it('forgets the applies of a stopped cluster, and records the next cluster’s afresh', () => {
    const r = new SequenceRecorder();
    for (const e of events) r.add(e);
    expect(r.sequences()).toHaveLength(1);
    r.clear();
    expect(r.sequences()).toEqual([]);
    for (const e of events) r.add(e);
    expect(r.sequences()).toHaveLength(1);
    expect(r.sequences()[0]!.podsSeen).toBe(3);
  });
});

describe('replay steps on the diagram', () => {
  const [seq] = record(events);
  const arch = buildArchitecture({ status: runningStatus(2), nodes: [], pods: [] });
  const find = (pred: (e: TraceEvent) => boolean) => seq!.steps.find((s) => pred(s.event))!;

  it('explains the apply request and lights kubectl → API server → store', () => {
    // The POST names no object; the sequence knows it from the watch event that followed.
    expect(describeStep(seq!.steps[0]!).caption).toContain('kubectl sends Deployment (CREATE');
    const v = describeStep(seq!.steps[0]!, seq);
    expect(v.title).toBe('create Deployment web');
    expect(v.caption).toContain('kubectl sends Deployment web (CREATE → 201)');
    expect(v.caption).toContain('persists it in the store');
    const h = highlightFor(arch, v);
    expect(h.boxes.sort()).toEqual(['apiserver/master-1', 'store/master-1', 'user']);
    expect(h.links).toEqual(['e:user->apiserver/master-1', 'e:apiserver/master-1->store/master-1']);
  });

  it('says what the scheduler decided, from its own record', () => {
    const s = find((e) => e.verb === 'schedule');
    const v = describeStep(s);
    expect(v.caption).toMatch(/2 of 3 nodes fit/);
    expect(v.caption).toContain('master-1 by TaintToleration');
    expect(v.caption).toContain(String(s.event.detail?.['node']));
    expect(highlightFor(arch, v)).toEqual({ boxes: ['scheduler/master-1'], links: [] });
  });

  it('puts a kubelet’s watch event and CRI calls on the node the pod was bound to', () => {
    const w = find((e) => e.verb === 'watch-event' && e.to?.component === 'kubelet');
    const wv = describeStep(w);
    expect(wv.caption).toContain(`kubelet on ${w.node}`);
    expect(highlightFor(arch, wv).links).toEqual([`e:kubelet/${w.node}->apiserver/master-1`]);
    const run = find((e) => e.verb === 'RunPodSandbox');
    const rv = describeStep(run);
    expect(rv.caption).toContain('pod sandbox');
    expect(highlightFor(arch, rv).links).toEqual([`e:kubelet/${run.node}->runtime/${run.node}`]);
  });

  it('lights a controller’s watch on the edge between it and the API server', () => {
    const w = find((e) => e.verb === 'watch-event' && e.resource === 'deployments');
    const v = describeStep(w);
    expect(v.caption).toContain('deployment controller');
    expect(highlightFor(arch, v).links).toEqual([
      'e:controller-manager/master-1->apiserver/master-1',
    ]);
  });
});
