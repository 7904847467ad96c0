import { describe, expect, it } from 'vitest';
import { DAY, ago, render, row, table } from './fixtures';

function node(name: string, over: { labels?: object; spec?: object; status?: object } = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      resourceVersion: '77',
      creationTimestamp: ago(3 * DAY),
      labels: { 'kubernetes.io/hostname': name, ...over.labels },
    },
    spec: { podCIDR: '10.244.0.0/24', ...over.spec },
    status: {
      conditions: [
        { type: 'MemoryPressure', status: 'False' },
        { type: 'Ready', status: 'True', reason: 'KubeletReady' },
      ],
      addresses: [
        { type: 'InternalIP', address: '10.0.0.10' },
        { type: 'Hostname', address: name },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.20.2',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        kernelVersion: '5.10.0-28-amd64',
        containerRuntimeVersion: 'containerd://1.4.3',
      },
      ...over.status,
    },
  };
}

const master = {
  'node-role.kubernetes.io/master': '',
  'node-role.kubernetes.io/control-plane': '',
};

describe('nodes: kubectl get nodes', () => {
  it('prints the captured `get nodes -o wide` output', () => {
    expect(render(table('', 'nodes', node('node-1', { labels: master })), true)).toBe(
      [
        'NAME     STATUS   ROLES                  AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION    CONTAINER-RUNTIME',
        'node-1   Ready    control-plane,master   3d    v1.20.2   10.0.0.10     <none>        Debian GNU/Linux 12 (bookworm)   5.10.0-28-amd64   containerd://1.4.3',
      ].join('\n'),
    );
  });

  it.each([
    ['Ready', [{ type: 'Ready', status: 'True' }], false, 'Ready'],
    ['NotReady', [{ type: 'Ready', status: 'False' }], false, 'NotReady'],
    ['Ready=Unknown (kubelet silent)', [{ type: 'Ready', status: 'Unknown' }], false, 'NotReady'],
    ['no Ready condition yet', [], false, 'Unknown'],
    ['cordoned', [{ type: 'Ready', status: 'True' }], true, 'Ready,SchedulingDisabled'],
    [
      'cordoned and down',
      [{ type: 'Ready', status: 'Unknown' }],
      true,
      'NotReady,SchedulingDisabled',
    ],
  ])('%s → %s', (_label, conditions, unschedulable, want) => {
    const n = node('n', { spec: { unschedulable }, status: { conditions } });
    expect(row('', 'nodes', n)['Status']).toBe(want);
  });

  it('derives roles from role labels, including the legacy kubernetes.io/role label', () => {
    const roles = (labels: object) => row('', 'nodes', node('n', { labels }))['Roles'];
    expect(roles({})).toBe('<none>');
    expect(roles({ 'node-role.kubernetes.io/worker': 'true' })).toBe('worker');
    expect(roles({ 'kubernetes.io/role': 'infra', 'node-role.kubernetes.io/edge': '' })).toBe(
      'edge,infra',
    );
    expect(roles({ 'node-role.kubernetes.io/': '' })).toBe('<none>');
  });

  it('shows the first external IP and <unknown> for unreported software', () => {
    const n = node('n', {
      status: {
        addresses: [
          { type: 'ExternalIP', address: '203.0.113.7' },
          { type: 'ExternalIP', address: '203.0.113.8' },
        ],
        nodeInfo: { kubeletVersion: 'v1.30.0' },
      },
    });
    expect(table('', 'nodes', n).rows[0]!.cells.slice(4)).toEqual([
      'v1.30.0',
      '<none>',
      '203.0.113.7',
      '<unknown>',
      '<unknown>',
      '<unknown>',
    ]);
  });
});
