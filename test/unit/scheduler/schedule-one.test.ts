// The scheduling cycle with the default plugin set on an in-memory cache: placement, the exact
// FailedScheduling message for a mix of reasons, preemption, percentageOfNodesToScore.
import { describe, expect, it } from 'vitest';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { SchedulerCache } from '../../../src-cluster/scheduler/cache/scheduler-cache';
import { fitErrorMessage } from '../../../src-cluster/scheduler/framework/fit-error';
import type { Handle } from '../../../src-cluster/scheduler/framework/interface';
import { numFeasibleNodesToFind } from '../../../src-cluster/scheduler/framework/num-feasible';
import { newPodInfo } from '../../../src-cluster/scheduler/framework/pod-info';
import { Framework } from '../../../src-cluster/scheduler/framework/runtime';
import { Status } from '../../../src-cluster/scheduler/framework/status';
import { DEFAULT_PLUGINS, inTreeRegistry } from '../../../src-cluster/scheduler/plugins/registry';
import { SchedulingAlgorithm } from '../../../src-cluster/scheduler/schedule-one';
import { makeNode, makePod } from './builders';

function setup(nodes: Node[], pods: Pod[] = [], percentage = 0) {
  const cache = new SchedulerCache();
  for (const n of nodes) cache.addNode(n);
  for (const p of pods) cache.addPod(p);
  const handle: Handle = {
    snapshot: cache,
    client: undefined as never,
    defaultSelector: () => null,
    runFilterPlugins: (s, p, n) => fwk.runFilter(s, p, n),
  };
  const fwk: Framework = new Framework(inTreeRegistry(), [...DEFAULT_PLUGINS], handle);
  const algo = new SchedulingAlgorithm(fwk, cache, {
    percentageOfNodesToScore: percentage,
    random: () => 0,
  });
  return { cache, algo };
}

describe('FailedScheduling message', () => {
  it('counts every reason, sorted as strings, with the preemption verdict', () => {
    const nodes = [
      makeNode('small-1').alloc({ memory: '1Gi' }).obj(),
      makeNode('small-2').alloc({ memory: '1Gi' }).obj(),
      makeNode('gpu-1').taint('dedicated', 'gpu').obj(),
      makeNode('gpu-2').taint('dedicated', 'gpu').obj(),
      makeNode('gpu-3').taint('dedicated', 'gpu').obj(),
    ];
    const { algo } = setup(nodes);
    const out = algo.schedule(newPodInfo(makePod('big').req({ memory: '2Gi' }).obj()), 1);
    expect(out.outcome).toBe('Unschedulable');
    expect(out.message).toBe(
      '0/5 nodes are available: 2 Insufficient memory, 3 node(s) had untolerated taint {dedicated: gpu}. ' +
        'preemption: 0/5 nodes are available: 2 No preemption victims found for incoming pod, ' +
        '3 Preemption is not helpful for scheduling.',
    );
    expect(out.rejectingPlugins).toEqual(new Set(['NodeResourcesFit', 'TaintToleration']));
    expect(out.decision.filtered['gpu-1']).toEqual({
      plugin: 'TaintToleration',
      reasons: ['node(s) had untolerated taint {dedicated: gpu}'],
    });
  });

  it('a cordoned node is reported by NodeUnschedulable, which runs first', () => {
    const { algo } = setup([makeNode('n1').unschedulable().taint('dedicated', 'gpu').obj()]);
    expect(algo.schedule(newPodInfo(makePod('p').obj()), 1).message).toBe(
      '0/1 nodes are available: 1 node(s) were unschedulable. ' +
        'preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    );
  });

  it('sorts counts as strings ("10 …" before "2 …") and lists a node once per reason', () => {
    const statuses = new Map<string, Status>();
    for (let i = 0; i < 10; i++) statuses.set(`a${i}`, Status.unschedulable('Insufficient cpu'));
    statuses.set('b', Status.unschedulable('Insufficient cpu', 'Insufficient memory'));
    statuses.set('c', Status.unschedulable('Insufficient memory'));
    expect(fitErrorMessage({ numAllNodes: 12, nodeStatuses: statuses })).toBe(
      '0/12 nodes are available: 11 Insufficient cpu, 2 Insufficient memory.',
    );
  });

  it('with no nodes at all', () => {
    const { algo } = setup([]);
    expect(algo.schedule(newPodInfo(makePod('p').obj()), 1).message).toBe(
      'no nodes available to schedule pods',
    );
  });
});

describe('scheduling cycle', () => {
  it('places pods on the least loaded node and counts assumed pods', () => {
    const nodes = ['n1', 'n2', 'n3'].map((n) =>
      makeNode(n).alloc({ cpu: '2', memory: '4Gi' }).obj(),
    );
    const { algo, cache } = setup(nodes);
    const placed: string[] = [];
    for (let i = 0; i < 3; i++) {
      const pi = newPodInfo(makePod(`web-${i}`).req({ cpu: '100m', memory: '128Mi' }).obj());
      const out = algo.schedule(pi, 1);
      expect(out.outcome).toBe('Scheduled');
      cache.assumePod(pi, out.node!);
      placed.push(out.node!);
    }
    expect(placed.sort()).toEqual(['n1', 'n2', 'n3']);
    expect(cache.counts().assumed).toBe(3);
  });

  it('a forgotten assumption frees the node again', () => {
    const { algo, cache } = setup([makeNode('n1').alloc({ cpu: '1' }).obj()]);
    const a = newPodInfo(makePod('a').req({ cpu: '1' }).obj());
    cache.assumePod(a, 'n1');
    const b = newPodInfo(makePod('b').req({ cpu: '1' }).obj());
    expect(algo.schedule(b, 1).outcome).toBe('Unschedulable');
    cache.forgetPod(a.key);
    expect(algo.schedule(b, 1).node).toBe('n1');
  });

  it('preemption nominates a node and picks only the needed low-priority victims', () => {
    const node = makeNode('n1').alloc({ cpu: '2' }).obj();
    const low1 = makePod('low-1').node('n1').req({ cpu: '1' }).priority(1).obj();
    const low2 = makePod('low-2').node('n1').req({ cpu: '1' }).priority(5).obj();
    const { algo } = setup([node], [low1, low2]);
    const out = algo.schedule(newPodInfo(makePod('vip').req({ cpu: '1' }).priority(100).obj()), 1);
    expect(out.outcome).toBe('Unschedulable');
    expect(out.postFilter?.nominatedNodeName).toBe('n1');
    expect(out.postFilter?.victims?.map((v) => v.pod.metadata?.name)).toEqual(['low-1']);
  });

  it('filters only numFeasibleNodesToFind nodes in a big cluster, round robin', () => {
    const nodes = Array.from({ length: 1000 }, (_, i) =>
      makeNode(`n${String(i).padStart(4, '0')}`).obj(),
    );
    const { algo } = setup(nodes);
    const first = algo.schedule(newPodInfo(makePod('p').obj()), 1);
    expect(first.decision.evaluatedNodes).toBe(420);
    expect(first.decision.feasibleNodes).toBe(420);
    expect(Object.keys(first.decision.scores).length).toBe(20);
    expect(first.decision.truncated).toBe(true);
    const second = algo.schedule(newPodInfo(makePod('q').obj()), 1);
    // The next cycle starts where the last one stopped.
    expect(Object.keys(second.decision.scores).every((n) => n >= 'n0420')).toBe(true);
  });

  it.each([
    [50, 50],
    [100, 100],
    [500, 230],
    [1000, 420],
    [5000, 500],
    [10_000, 500],
  ])('numFeasibleNodesToFind(%i) = %i', (n, want) => {
    expect(numFeasibleNodesToFind(n)).toBe(want);
  });
});
