// Table-driven tests of each Filter/Score plugin on hand-built nodes and pods.
import { describe, expect, it } from 'vitest';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { CycleState } from '../../../src-cluster/scheduler/framework/cycle-state';
import type { Handle, Snapshot } from '../../../src-cluster/scheduler/framework/interface';
import type { NodeInfo } from '../../../src-cluster/scheduler/framework/node-info';
import { newPodInfo } from '../../../src-cluster/scheduler/framework/pod-info';
import { Status } from '../../../src-cluster/scheduler/framework/status';
import { NodeName } from '../../../src-cluster/scheduler/plugins/node-name/node-name';
import { NodeUnschedulable } from '../../../src-cluster/scheduler/plugins/node-unschedulable/node-unschedulable';
import { NodeResourcesFit } from '../../../src-cluster/scheduler/plugins/node-resources/fit';
import { BalancedAllocation } from '../../../src-cluster/scheduler/plugins/node-resources/balanced-allocation';
import { TaintToleration } from '../../../src-cluster/scheduler/plugins/taint-toleration/taint-toleration';
import { NodeAffinity } from '../../../src-cluster/scheduler/plugins/node-affinity/node-affinity';
import { NodePorts } from '../../../src-cluster/scheduler/plugins/node-ports/node-ports';
import { PodTopologySpread } from '../../../src-cluster/scheduler/plugins/pod-topology-spread/plugin';
import { InterPodAffinity } from '../../../src-cluster/scheduler/plugins/inter-pod-affinity/plugin';
import { ImageLocality } from '../../../src-cluster/scheduler/plugins/image-locality/image-locality';
import { selectorFromSet } from '../../../src-cluster/api/selectors';
import { makeNode, makePod, nodeInfo } from './builders';

function snapshotOf(nodes: NodeInfo[]): Snapshot {
  return {
    list: () => nodes,
    get: (n) => nodes.find((x) => x.name === n),
    havePodsWithAffinity: () => nodes.filter((n) => n.podsWithAffinity.size > 0),
    imageNodeCount: (img) =>
      nodes.filter((n) => (n.node.status?.images ?? []).some((i) => i.names?.includes(img))).length,
  };
}

function handleOf(nodes: NodeInfo[], defaultSelector: Handle['defaultSelector'] = () => null) {
  return {
    snapshot: snapshotOf(nodes),
    client: undefined as never,
    defaultSelector,
    runFilterPlugins: () => Status.SUCCESS,
  } satisfies Handle;
}

const filterOnce = (
  plugin: { filter: any; preFilter?: any },
  pod: Pod,
  ni: NodeInfo,
  all = [ni],
) => {
  const state = new CycleState();
  const pi = newPodInfo(pod);
  if (plugin.preFilter) {
    const s = plugin.preFilter(state, pi, all) as Status;
    if (s.isSkip()) return Status.SUCCESS;
    if (!s.isSuccess()) return s;
  }
  return plugin.filter(state, pi, ni) as Status;
};

const verdict = (s: Status) => (s.isSuccess() ? 'ok' : `${s.code}: ${s.reasons.join(' | ')}`);

describe('NodeName', () => {
  it.each([
    ['no nodeName', makePod('p').obj(), 'ok'],
    ['same node', makePod('p').node('n1').obj(), 'ok'],
    [
      'other node',
      makePod('p').node('n2').obj(),
      "UnschedulableAndUnresolvable: node(s) didn't match the requested node name",
    ],
  ])('%s', (_c, pod, want) => {
    expect(verdict(filterOnce(new NodeName(), pod, nodeInfo(makeNode('n1').obj())))).toBe(want);
  });
});

describe('NodeUnschedulable', () => {
  const cordoned = makeNode('n1').unschedulable().obj();
  it.each([
    ['schedulable node', makeNode('n1').obj(), makePod('p').obj(), 'ok'],
    [
      'cordoned',
      cordoned,
      makePod('p').obj(),
      'UnschedulableAndUnresolvable: node(s) were unschedulable',
    ],
    [
      'cordoned but tolerated',
      cordoned,
      makePod('p')
        .toleration({
          key: 'node.kubernetes.io/unschedulable',
          operator: 'Exists',
          effect: 'NoSchedule',
        })
        .obj(),
      'ok',
    ],
  ])('%s', (_c, node, pod, want) => {
    expect(verdict(filterOnce(new NodeUnschedulable(), pod, nodeInfo(node)))).toBe(want);
  });
});

describe('NodeResourcesFit', () => {
  const node = makeNode('n1').alloc({ cpu: '1', memory: '1Gi', pods: '2' }).obj();
  const used = makePod('used').node('n1').req({ cpu: '600m', memory: '512Mi' }).obj();
  it.each([
    ['fits', makePod('p').req({ cpu: '400m', memory: '512Mi' }).obj(), [used], 'ok'],
    ['cpu', makePod('p').req({ cpu: '401m' }).obj(), [used], 'Unschedulable: Insufficient cpu'],
    [
      'cpu and memory',
      makePod('p').req({ cpu: '2', memory: '1Gi' }).obj(),
      [used],
      'Unschedulable: Insufficient cpu | Insufficient memory',
    ],
    [
      'pod count',
      makePod('p').obj(),
      [used, makePod('u2').node('n1').obj()],
      'Unschedulable: Too many pods',
    ],
    [
      'extended resource',
      makePod('p').req({ 'nvidia.com/gpu': '1' }).obj(),
      [],
      'Unschedulable: Insufficient nvidia.com/gpu',
    ],
    [
      'init container is the biggest',
      makePod('p').req({ cpu: '100m' }).initReq({ cpu: '500m' }).obj(),
      [used],
      'Unschedulable: Insufficient cpu',
    ],
    [
      'request-less pod fits (defaults only count for scoring)',
      makePod('p').obj(),
      [makePod('big').node('n1').req({ cpu: '1', memory: '1Gi' }).obj()],
      'ok',
    ],
  ])('%s', (_c, pod, existing, want) => {
    expect(verdict(filterOnce(new NodeResourcesFit(), pod, nodeInfo(node, ...existing)))).toBe(
      want,
    );
  });

  it('LeastAllocated prefers the emptier node', () => {
    const fit = new NodeResourcesFit();
    const pod = newPodInfo(makePod('p').req({ cpu: '500m', memory: '1Gi' }).obj());
    const n = makeNode('n').alloc({ cpu: '2', memory: '4Gi' }).obj();
    const empty = nodeInfo(n);
    const busy = nodeInfo(n, makePod('u').node('n').req({ cpu: '1', memory: '2Gi' }).obj());
    // cpu (2000-500)/2000 = 75, memory (4-1)/4 = 75 → 75; busy: cpu 25, memory 25 → 25.
    expect(fit.score(new CycleState(), pod, empty)).toBe(75);
    expect(fit.score(new CycleState(), pod, busy)).toBe(25);
  });
});

describe('NodeResourcesBalancedAllocation', () => {
  it('scores equal cpu and memory usage highest', () => {
    const b = new BalancedAllocation();
    const n = makeNode('n').alloc({ cpu: '2', memory: '4Gi' }).obj();
    const balanced = newPodInfo(makePod('p').req({ cpu: '1', memory: '2Gi' }).obj());
    const skewed = newPodInfo(makePod('p').req({ cpu: '2', memory: '0' }).obj());
    expect(b.score(new CycleState(), balanced, nodeInfo(n))).toBe(100);
    expect(b.score(new CycleState(), skewed, nodeInfo(n))).toBe(50);
    expect(b.preScore(new CycleState(), newPodInfo(makePod('p').obj()), []).isSkip()).toBe(true);
  });
});

describe('TaintToleration', () => {
  const gpu = makeNode('n1').taint('dedicated', 'gpu').obj();
  it.each([
    [
      'untolerated',
      gpu,
      makePod('p').obj(),
      'UnschedulableAndUnresolvable: node(s) had untolerated taint {dedicated: gpu}',
    ],
    [
      'Equal toleration',
      gpu,
      makePod('p').toleration({ key: 'dedicated', operator: 'Equal', value: 'gpu' }).obj(),
      'ok',
    ],
    [
      'wrong value',
      gpu,
      makePod('p').toleration({ key: 'dedicated', value: 'cpu' }).obj(),
      'UnschedulableAndUnresolvable: node(s) had untolerated taint {dedicated: gpu}',
    ],
    [
      'Exists with empty key tolerates all',
      gpu,
      makePod('p').toleration({ operator: 'Exists' }).obj(),
      'ok',
    ],
    [
      'PreferNoSchedule does not filter',
      makeNode('n1').taint('a', 'b', 'PreferNoSchedule').obj(),
      makePod('p').obj(),
      'ok',
    ],
    [
      'effect must match',
      gpu,
      makePod('p').toleration({ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }).obj(),
      'UnschedulableAndUnresolvable: node(s) had untolerated taint {dedicated: gpu}',
    ],
  ])('%s', (_c, node, pod, want) => {
    expect(verdict(filterOnce(new TaintToleration(), pod, nodeInfo(node)))).toBe(want);
  });

  it('scores fewer PreferNoSchedule taints higher', () => {
    const t = new TaintToleration();
    const pod = newPodInfo(makePod('p').obj());
    const clean = nodeInfo(makeNode('a').obj());
    const tainted = nodeInfo(makeNode('b').taint('x', 'y', 'PreferNoSchedule').obj());
    const scores = [clean, tainted].map((n) => ({
      name: n.name,
      score: t.score(new CycleState(), pod, n),
    }));
    t.normalizeScore(new CycleState(), pod, scores);
    expect(scores.map((s) => s.score)).toEqual([100, 0]);
  });
});

describe('NodeAffinity', () => {
  const node = makeNode('n1').labels({ zone: 'a', disk: 'ssd', cores: '8' }).obj();
  const req = (exprs: object[]) => ({
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: exprs }],
      },
    },
  });
  const NO = "UnschedulableAndUnresolvable: node(s) didn't match Pod's node affinity/selector";
  it.each([
    ['nodeSelector match', makePod('p').nodeSelector({ zone: 'a' }).obj(), 'ok'],
    ['nodeSelector mismatch', makePod('p').nodeSelector({ zone: 'b' }).obj(), NO],
    [
      'In',
      makePod('p')
        .affinity(req([{ key: 'disk', operator: 'In', values: ['ssd'] }]))
        .obj(),
      'ok',
    ],
    [
      'NotIn',
      makePod('p')
        .affinity(req([{ key: 'disk', operator: 'NotIn', values: ['ssd'] }]))
        .obj(),
      NO,
    ],
    [
      'Exists',
      makePod('p')
        .affinity(req([{ key: 'zone', operator: 'Exists' }]))
        .obj(),
      'ok',
    ],
    [
      'DoesNotExist',
      makePod('p')
        .affinity(req([{ key: 'gpu', operator: 'DoesNotExist' }]))
        .obj(),
      'ok',
    ],
    [
      'Gt',
      makePod('p')
        .affinity(req([{ key: 'cores', operator: 'Gt', values: ['4'] }]))
        .obj(),
      'ok',
    ],
    [
      'Lt',
      makePod('p')
        .affinity(req([{ key: 'cores', operator: 'Lt', values: ['4'] }]))
        .obj(),
      NO,
    ],
  ])('%s', (_c, pod, want) => {
    expect(verdict(filterOnce(new NodeAffinity(), pod, nodeInfo(node)))).toBe(want);
  });

  it('scores preferred terms by weight', () => {
    const na = new NodeAffinity();
    const pod = newPodInfo(
      makePod('p')
        .affinity({
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 10,
                preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] },
              },
              {
                weight: 30,
                preference: {
                  matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }],
                },
              },
            ],
          },
        })
        .obj(),
    );
    const nodes = [
      nodeInfo(makeNode('a').labels({ zone: 'a', disk: 'ssd' }).obj()),
      nodeInfo(makeNode('b').labels({ disk: 'ssd' }).obj()),
      nodeInfo(makeNode('c').obj()),
    ];
    const scores = nodes.map((n) => ({ name: n.name, score: na.score(new CycleState(), pod, n) }));
    na.normalizeScore(new CycleState(), pod, scores);
    expect(scores.map((s) => s.score)).toEqual([100, 75, 0]);
  });
});

describe('NodePorts', () => {
  const NO = "Unschedulable: node(s) didn't have free ports for the requested pod ports";
  const node = makeNode('n1').obj();
  it.each([
    ['free', makePod('p').hostPort(80).obj(), makePod('u').node('n1').hostPort(8080).obj(), 'ok'],
    ['taken', makePod('p').hostPort(80).obj(), makePod('u').node('n1').hostPort(80).obj(), NO],
    [
      'other protocol',
      makePod('p').hostPort(53, 'UDP').obj(),
      makePod('u').node('n1').hostPort(53).obj(),
      'ok',
    ],
    [
      '0.0.0.0 conflicts with an IP',
      makePod('p').hostPort(80, 'TCP', '10.0.0.1').obj(),
      makePod('u').node('n1').hostPort(80).obj(),
      NO,
    ],
  ])('%s', (_c, pod, existing, want) => {
    expect(verdict(filterOnce(new NodePorts(), pod, nodeInfo(node, existing)))).toBe(want);
  });
});

describe('PodTopologySpread', () => {
  const zoneNode = (name: string, zone: string) =>
    makeNode(name).labels({ 'topology.kubernetes.io/zone': zone }).obj();
  const web = (name: string, node?: string) => {
    const b = makePod(name).labels({ app: 'web' });
    return (node ? b.node(node) : b).obj();
  };
  const spreadPod = () =>
    makePod('new')
      .labels({ app: 'web' })
      .spread({
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: { matchLabels: { app: 'web' } },
      })
      .obj();

  it('rejects the crowded zone and accepts the empty one', () => {
    const a = nodeInfo(zoneNode('a1', 'a'), web('w1', 'a1'));
    const b = nodeInfo(zoneNode('b1', 'b'));
    const all = [a, b];
    const p = new PodTopologySpread(handleOf(all));
    expect(verdict(filterOnce(p, spreadPod(), a, all))).toBe(
      "Unschedulable: node(s) didn't match pod topology spread constraints",
    );
    expect(verdict(filterOnce(p, spreadPod(), b, all))).toBe('ok');
  });

  it('rejects nodes without the topology label as unresolvable', () => {
    const bare = nodeInfo(makeNode('x').obj());
    const p = new PodTopologySpread(handleOf([bare]));
    expect(verdict(filterOnce(p, spreadPod(), bare, [bare]))).toBe(
      "UnschedulableAndUnresolvable: node(s) didn't match pod topology spread constraints (missing required label)",
    );
  });

  it('system default constraints score nodes with fewer siblings higher', () => {
    const n1 = nodeInfo(makeNode('n1').obj(), web('w1', 'n1'), web('w2', 'n1'));
    const n2 = nodeInfo(makeNode('n2').obj());
    const all = [n1, n2];
    const p = new PodTopologySpread(handleOf(all, () => selectorFromSet({ app: 'web' })));
    const pod = newPodInfo(web('new'));
    const state = new CycleState();
    expect(p.preScore(state, pod, all).isSuccess()).toBe(true);
    const scores = all.map((n) => ({ name: n.name, score: p.score(state, pod, n) }));
    p.normalizeScore(state, pod, scores);
    expect(scores[1]!.score).toBeGreaterThan(scores[0]!.score);
    // Without owners or services there are no default constraints: scoring is skipped.
    const bare = new PodTopologySpread(handleOf(all));
    expect(bare.preScore(new CycleState(), pod, all).isSkip()).toBe(true);
  });
});

describe('InterPodAffinity', () => {
  const host = (name: string, ...pods: Pod[]) => nodeInfo(makeNode(name).obj(), ...pods);
  const term = (app: string) => ({
    labelSelector: { matchLabels: { app } },
    topologyKey: 'kubernetes.io/hostname',
  });

  it('required affinity: only the node with a matching pod', () => {
    const n1 = host('n1', makePod('db').labels({ app: 'db' }).node('n1').obj());
    const n2 = host('n2');
    const all = [n1, n2];
    const pod = makePod('p')
      .affinity({ podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db')] } })
      .obj();
    const plugin = new InterPodAffinity(handleOf(all));
    expect(verdict(filterOnce(plugin, pod, n1, all))).toBe('ok');
    expect(verdict(filterOnce(plugin, pod, n2, all))).toBe(
      "UnschedulableAndUnresolvable: node(s) didn't match pod affinity rules",
    );
  });

  it('the first pod of a self-affine group may go anywhere', () => {
    const all = [host('n1'), host('n2')];
    const pod = makePod('p')
      .labels({ app: 'web' })
      .affinity({ podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web')] } })
      .obj();
    expect(verdict(filterOnce(new InterPodAffinity(handleOf(all)), pod, all[1]!, all))).toBe('ok');
  });

  it('required anti-affinity, both ways', () => {
    const n1 = host('n1', makePod('w1').labels({ app: 'web' }).node('n1').obj());
    const all = [n1, host('n2')];
    const anti = makePod('p')
      .labels({ app: 'web' })
      .affinity({
        podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web')] },
      })
      .obj();
    expect(verdict(filterOnce(new InterPodAffinity(handleOf(all)), anti, n1, all))).toBe(
      "Unschedulable: node(s) didn't match pod anti-affinity rules",
    );
    const guard = nodeInfo(
      makeNode('g').obj(),
      makePod('guard')
        .node('g')
        .affinity({
          podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web')] },
        })
        .obj(),
    );
    const plain = makePod('q').labels({ app: 'web' }).obj();
    expect(
      verdict(filterOnce(new InterPodAffinity(handleOf([guard])), plain, guard, [guard])),
    ).toBe("Unschedulable: node(s) didn't satisfy existing pods anti-affinity rules");
  });

  it('preferred affinity scores the matching node highest; plain pods skip', () => {
    const n1 = host('n1', makePod('db').labels({ app: 'db' }).node('n1').obj());
    const n2 = host('n2');
    const all = [n1, n2];
    const plugin = new InterPodAffinity(handleOf(all));
    const pod = newPodInfo(
      makePod('p')
        .affinity({
          podAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 50, podAffinityTerm: term('db') },
            ],
          },
        })
        .obj(),
    );
    const state = new CycleState();
    expect(plugin.preScore(state, pod, all).isSuccess()).toBe(true);
    const scores = all.map((n) => ({ name: n.name, score: plugin.score(state, pod, n) }));
    plugin.normalizeScore(state, pod, scores);
    expect(scores.map((s) => s.score)).toEqual([100, 0]);
    expect(plugin.preScore(new CycleState(), newPodInfo(makePod('x').obj()), all).isSkip()).toBe(
      true,
    );
  });
});

describe('ImageLocality', () => {
  it('prefers the node that has the image', () => {
    const mb = 1024 * 1024;
    const withImg = nodeInfo(
      makeNode('a')
        .images({ names: ['nginx:latest'], sizeBytes: 500 * mb })
        .obj() as Node,
    );
    const without = nodeInfo(makeNode('b').obj());
    const plugin = new ImageLocality(handleOf([withImg, without]));
    const pod = newPodInfo(makePod('p').image('nginx').obj());
    const a = plugin.score(new CycleState(), pod, withImg);
    expect(a).toBeGreaterThan(0);
    expect(plugin.score(new CycleState(), pod, without)).toBe(0);
  });
});
