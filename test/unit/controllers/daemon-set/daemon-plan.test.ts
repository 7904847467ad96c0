import { describe, expect, it } from 'vitest';
import type { DaemonSet } from 'kubernetes-types/apps/v1';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { planDaemons } from '../../../../src-cluster/controllers/daemon-set/daemon-plan';
import { unfitReason } from '../../../../src-cluster/controllers/daemon-set/node-fit';
import {
  daemonPodFor,
  daemonPodNode,
} from '../../../../src-cluster/controllers/daemon-set/daemon-pod';

const node = (
  name: string,
  labels: Record<string, string> = {},
  taints: Node['spec'] = {},
): Node => ({
  metadata: { name, labels },
  spec: taints,
});
const ds = (
  extra: Partial<DaemonSet['spec']> = {},
  spec: Record<string, unknown> = {},
): DaemonSet => ({
  metadata: { name: 'agent', namespace: 'kube-system', uid: 'ds-uid', generation: 1 },
  spec: {
    selector: { matchLabels: { app: 'agent' } },
    template: {
      metadata: { labels: { app: 'agent' } },
      spec: { containers: [{ name: 'a' }], ...spec },
    },
    ...extra,
  },
});
let seq = 0;
const pod = (
  nodeName: string,
  hash: string,
  o: { ready?: boolean; phase?: string; deleting?: boolean } = {},
): Pod => ({
  metadata: {
    name: `p${++seq}`,
    uid: `u${seq}`,
    creationTimestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
    labels: { app: 'agent', 'controller-revision-hash': hash },
    ...(o.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
  },
  spec: { nodeName, containers: [] },
  status: {
    phase: o.phase ?? 'Running',
    conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
  },
});
const group = (pods: Pod[]) => {
  const m = new Map<string, Pod[]>();
  for (const p of pods) m.set(p.spec!.nodeName!, [...(m.get(p.spec!.nodeName!) ?? []), p]);
  return m;
};

describe('node fit', () => {
  it('nodeSelector, required affinity and NoSchedule/NoExecute taints decide', () => {
    const spec = ds({}, { nodeSelector: { role: 'web' } }).spec!.template.spec;
    expect(unfitReason(spec, node('a', { role: 'web' }))).toBeUndefined();
    expect(unfitReason(spec, node('a', { role: 'db' }))).toMatch(/node selector/);
    const tainted = node('t', { role: 'web' }, { taints: [{ key: 'gpu', effect: 'NoSchedule' }] });
    expect(unfitReason(spec, tainted)).toMatch(/untolerated taint gpu:NoSchedule/);
    expect(
      unfitReason({ ...spec!, tolerations: [{ key: 'gpu', operator: 'Exists' }] }, tainted),
    ).toBeUndefined();
    const soft = node(
      's',
      { role: 'web' },
      { taints: [{ key: 'gpu', effect: 'PreferNoSchedule' }] },
    );
    expect(unfitReason(spec, soft)).toBeUndefined();
    const aff = {
      containers: [],
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] },
            ],
          },
        },
      },
    };
    expect(unfitReason(aff, node('x', { zone: 'b' }))).toBeUndefined();
    expect(unfitReason(aff, node('x', { zone: 'c' }))).toMatch(/affinity/);
  });
  it('daemons tolerate not-ready, pressure and cordon taints automatically, network-unavailable only with hostNetwork', () => {
    const spec = ds().spec!.template.spec;
    const n = node(
      'n',
      {},
      {
        taints: [
          { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
          { key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' },
          { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
        ],
      },
    );
    expect(unfitReason(spec, n)).toBeUndefined();
    const net = node(
      'n',
      {},
      { taints: [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }] },
    );
    expect(unfitReason(spec, net)).toMatch(/network-unavailable/);
    expect(unfitReason({ ...spec!, hostNetwork: true }, net)).toBeUndefined();
  });
  it('a daemon pod is bound to its node and names it in its affinity', () => {
    const p = daemonPodFor(ds(), 'n7', 'h1');
    expect(p.spec?.nodeName).toBe('n7');
    expect(daemonPodNode({ ...p, spec: { ...p.spec!, nodeName: undefined } })).toBe('n7');
    expect(p.metadata?.labels).toEqual({ app: 'agent', 'controller-revision-hash': 'h1' });
    expect(p.metadata?.ownerReferences?.[0]).toMatchObject({
      kind: 'DaemonSet',
      uid: 'ds-uid',
      controller: true,
    });
  });
});

describe('daemon plan', () => {
  const nodes = [node('a', { role: 'web' }), node('b', { role: 'web' }), node('c', { role: 'db' })];
  const set = ds({}, { nodeSelector: { role: 'web' } });

  it('creates where missing, removes where unfit, keeps one per node', () => {
    const pa1 = pod('a', 'h');
    const pa2 = pod('a', 'h');
    const pc = pod('c', 'h');
    const plan = planDaemons(set, nodes, group([pa1, pa2, pc]), 'h', 0);
    expect(plan.create).toEqual(['b']);
    expect(plan.delete.map((p) => p.metadata!.name).sort()).toEqual(
      [pa2.metadata!.name, pc.metadata!.name].sort(),
    );
    expect(plan.status).toMatchObject({
      desiredNumberScheduled: 2,
      currentNumberScheduled: 1,
      numberMisscheduled: 1,
      numberReady: 1,
      numberAvailable: 1,
      numberUnavailable: 1,
      updatedNumberScheduled: 1,
    });
  });
  it('replaces a failed pod only after it is gone, never beside a terminating one', () => {
    const failed = pod('a', 'h', { phase: 'Failed' });
    const plan = planDaemons(
      set,
      nodes,
      group([failed, pod('b', 'h', { deleting: true })]),
      'h',
      0,
    );
    expect(plan.delete).toEqual([failed]);
    expect(plan.create).toEqual([]);
  });
  it('rolling update replaces old pods within maxUnavailable', () => {
    const many = ['a', 'b', 'c', 'd'].map((n) => node(n));
    const old = many.map((n) => pod(n.metadata!.name!, 'old'));
    const one = planDaemons(ds(), many, group(old), 'new', 0);
    expect(one.delete).toHaveLength(1);
    const two = planDaemons(
      ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '50%' } } }),
      many,
      group(old),
      'new',
      0,
    );
    expect(two.delete).toHaveLength(2);
    // One node already without an available daemon uses up the budget of 1…
    const oneDown = [...old.slice(0, 3), pod('d', 'new', { ready: false })];
    expect(planDaemons(ds(), many, group(oneDown), 'new', 0).delete).toEqual([]);
    // …but an unavailable old pod is replaced at once.
    const sick = [pod('a', 'old', { ready: false }), ...old.slice(1)];
    expect(planDaemons(ds(), many, group(sick), 'new', 0).delete).toEqual([sick[0]]);
    const onDelete = planDaemons(
      ds({ updateStrategy: { type: 'OnDelete' } }),
      many,
      group(old),
      'new',
      0,
    );
    expect(onDelete.delete).toEqual([]);
  });
});
