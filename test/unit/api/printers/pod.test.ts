import { describe, expect, it } from 'vitest';
import { HOUR, MIN, ago, render, row, table } from './fixtures';

/** A pod as the kubelet reports it; `status` fields override the running defaults. */
function pod(name: string, over: { spec?: object; status?: object; metadata?: object } = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      resourceVersion: '1009',
      creationTimestamp: ago(5 * HOUR),
      labels: { app: 'nginx' },
      ...over.metadata,
    },
    spec: { nodeName: 'node-2', containers: [{ name: 'web', image: 'nginx:1.19' }], ...over.spec },
    status: {
      phase: 'Running',
      podIP: '10.244.1.5',
      podIPs: [{ ip: '10.244.1.5' }],
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [running('web')],
      ...over.status,
    },
  };
}

function running(name: string, restartCount = 0, ready = true) {
  return { name, ready, restartCount, state: { running: { startedAt: ago(HOUR) } } };
}
function waiting(name: string, reason: string, restartCount = 0) {
  return { name, ready: false, restartCount, state: { waiting: { reason } } };
}
function terminated(name: string, t: object, restartCount = 0) {
  return { name, ready: false, restartCount, state: { terminated: t } };
}

const status = (p: object) => row('', 'pods', p)['Status'];

describe('pods: kubectl get pods', () => {
  it('prints the captured nginx-1 row, wide columns included', () => {
    expect(render(table('', 'pods', pod('nginx-1')), true)).toBe(
      [
        'NAME      READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES',
        'nginx-1   1/1     Running   0          5h    10.244.1.5   node-2   <none>           <none>',
      ].join('\n'),
    );
  });

  it('declares Restarts as an integer column and prints an integer cell', () => {
    const t = table('', 'pods', pod('p', { status: { containerStatuses: [running('web', 3)] } }));
    expect(t.columnDefinitions!.find((c) => c.name === 'Restarts')!.type).toBe('integer');
    expect(t.rows[0]!.cells[3]).toBe(3);
  });

  it('shows a fresh unscheduled pod as Pending with <none> placeholders', () => {
    const p = pod('busy-1', {
      metadata: { creationTimestamp: ago(0) },
      spec: { nodeName: undefined },
      status: {
        phase: 'Pending',
        podIP: undefined,
        podIPs: undefined,
        conditions: [],
        containerStatuses: undefined,
      },
    });
    expect(table('', 'pods', p).rows[0]!.cells).toEqual([
      'busy-1',
      '0/1',
      'Pending',
      0,
      '0s',
      '<none>',
      '<none>',
      '<none>',
      '<none>',
    ]);
  });

  it.each([
    ['CrashLoopBackOff', [waiting('web', 'CrashLoopBackOff', 4)], 'CrashLoopBackOff', 4],
    ['ErrImagePull', [waiting('web', 'ErrImagePull')], 'ErrImagePull', 0],
    ['ContainerCreating', [waiting('web', 'ContainerCreating')], 'ContainerCreating', 0],
    ['OOMKilled', [terminated('web', { exitCode: 137, reason: 'OOMKilled' }, 1)], 'OOMKilled', 1],
    ['exit code without reason', [terminated('web', { exitCode: 2 })], 'ExitCode:2', 0],
    ['signal without reason', [terminated('web', { exitCode: 0, signal: 9 })], 'Signal:9', 0],
  ])('container state %s → %s', (_label, containerStatuses, want, restarts) => {
    const r = row('', 'pods', pod('p', { status: { containerStatuses } }));
    expect([r['Ready'], r['Status'], r['Restarts']]).toEqual(['0/1', want, restarts]);
  });

  it('reports the first container when several are unhappy, and sums restarts', () => {
    const p = pod('p', {
      spec: { containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] },
      status: {
        containerStatuses: [
          waiting('a', 'ImagePullBackOff', 1),
          waiting('b', 'CrashLoopBackOff', 5),
          running('c', 2),
        ],
      },
    });
    const r = row('', 'pods', p);
    expect([r['Ready'], r['Status'], r['Restarts']]).toEqual(['1/3', 'ImagePullBackOff', 8]);
  });

  it('shows Completed for a finished job pod and marks the row completed', () => {
    const p = pod('job-x', {
      status: {
        phase: 'Succeeded',
        conditions: [{ type: 'Ready', status: 'False' }],
        containerStatuses: [terminated('web', { exitCode: 0, reason: 'Completed' })],
      },
    });
    const t = table('', 'pods', p);
    expect(t.rows[0]!.cells.slice(1, 3)).toEqual(['0/1', 'Completed']);
    expect(t.rows[0]!.conditions).toMatchObject([
      { type: 'Completed', status: 'True', reason: 'Succeeded' },
    ]);
  });

  it('does not call a pod Completed while another container still runs', () => {
    const statuses = [terminated('a', { exitCode: 0, reason: 'Completed' }), running('b')];
    const spec = { containers: [{ name: 'a' }, { name: 'b' }] };
    expect(status(pod('p', { spec, status: { containerStatuses: statuses } }))).toBe('Running');
    for (const ready of ['False', 'Unknown']) {
      const conditions = [{ type: 'Ready', status: ready }];
      expect(status(pod('p', { spec, status: { containerStatuses: statuses, conditions } }))).toBe(
        'NotReady',
      );
    }
  });

  describe('init containers', () => {
    const spec = {
      initContainers: [{ name: 'migrate' }, { name: 'seed' }],
      containers: [{ name: 'web' }],
    };
    const init = (initContainerStatuses: object[]) =>
      pod('p', {
        spec,
        status: {
          phase: 'Pending',
          conditions: [{ type: 'Initialized', status: 'False' }],
          initContainerStatuses,
          containerStatuses: [waiting('web', 'PodInitializing')],
        },
      });

    it('counts finished init containers as Init:N/M', () => {
      expect(status(init([running('migrate', 0, false), waiting('seed', 'PodInitializing')]))).toBe(
        'Init:0/2',
      );
      expect(
        status(
          init([
            terminated('migrate', { exitCode: 0, reason: 'Completed' }),
            running('seed', 0, false),
          ]),
        ),
      ).toBe('Init:1/2');
    });

    it('names the failing init container state and counts its restarts', () => {
      const r = row(
        '',
        'pods',
        init([waiting('migrate', 'CrashLoopBackOff', 3), waiting('seed', 'PodInitializing')]),
      );
      expect([r['Status'], r['Restarts']]).toEqual(['Init:CrashLoopBackOff', 3]);
      expect(status(init([terminated('migrate', { exitCode: 1, reason: 'Error' })]))).toBe(
        'Init:Error',
      );
      expect(status(init([terminated('migrate', { exitCode: 3 })]))).toBe('Init:ExitCode:3');
      expect(status(init([terminated('migrate', { exitCode: 137, signal: 9 })]))).toBe(
        'Init:Signal:9',
      );
    });

    it('counts a started sidecar (restartPolicy Always) as a ready app container', () => {
      const p = pod('p', {
        spec: {
          initContainers: [{ name: 'proxy', restartPolicy: 'Always' }],
          containers: [{ name: 'web' }],
        },
        status: {
          conditions: [
            { type: 'Initialized', status: 'True' },
            { type: 'Ready', status: 'True' },
          ],
          initContainerStatuses: [{ ...running('proxy', 1), started: true }],
          containerStatuses: [running('web', 2)],
        },
      });
      const r = row('', 'pods', p);
      expect([r['Ready'], r['Status'], r['Restarts']]).toEqual(['2/2', 'Running', 3]);
    });
  });

  it('shows Terminating once deletion starts, Unknown when the node was lost', () => {
    const deleting = { deletionTimestamp: ago(0), deletionGracePeriodSeconds: 30 };
    expect(status(pod('p', { metadata: deleting }))).toBe('Terminating');
    expect(status(pod('p', { metadata: deleting, status: { reason: 'NodeLost' } }))).toBe(
      'Unknown',
    );
  });

  it('prefers status.reason over phase (Evicted) and shows SchedulingGated', () => {
    expect(
      status(pod('p', { status: { phase: 'Failed', reason: 'Evicted', containerStatuses: [] } })),
    ).toBe('Evicted');
    expect(
      status(
        pod('p', {
          status: {
            phase: 'Pending',
            conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
            containerStatuses: [],
          },
        }),
      ),
    ).toBe('SchedulingGated');
  });

  it('prints readiness gates as true/declared and the nominated node', () => {
    const p = pod('p', {
      spec: { readinessGates: [{ conditionType: 'lb/ready' }, { conditionType: 'dns/ready' }] },
      status: {
        nominatedNodeName: 'node-3',
        conditions: [
          { type: 'lb/ready', status: 'True' },
          { type: 'dns/ready', status: 'False' },
        ],
      },
    });
    const r = row('', 'pods', p);
    expect([r['Readiness Gates'], r['Nominated Node']]).toEqual(['1/2', 'node-3']);
  });

  it('falls back to status.podIP when podIPs is missing', () => {
    expect(
      row('', 'pods', pod('p', { status: { podIPs: undefined, podIP: '10.244.2.9' } }))['IP'],
    ).toBe('10.244.2.9');
    expect(
      row('', 'pods', pod('p', { metadata: { creationTimestamp: ago(90 * MIN) } }))['Age'],
    ).toBe('90m');
  });
});
