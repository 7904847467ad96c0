import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MIN, SEC, ago, render, row, table } from './fixtures';

const template = (containers: object[], nodeSelector?: object) => ({
  metadata: { labels: { app: 'web' } },
  spec: { containers, ...(nodeSelector ? { nodeSelector } : {}) },
});
const web = { name: 'web', image: 'nginx:1.19' };
const sidecar = { name: 'log', image: 'busybox:1.36' };

describe('deployments: kubectl get deploy', () => {
  const deploy = (spec: object, status: object) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: ago(2 * SEC) },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: template([web]),
      ...spec,
    },
    status,
  });

  it('prints the captured `get deploy -o wide` output', () => {
    const d = deploy(
      {},
      { replicas: 3, readyReplicas: 3, updatedReplicas: 3, availableReplicas: 3 },
    );
    expect(render(table('apps', 'deployments', d), true)).toBe(
      [
        'NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES       SELECTOR',
        'web    3/3     3            3           2s    web          nginx:1.19   app=web',
      ].join('\n'),
    );
  });

  it('shows a rollout in progress and zero counts for a new deployment', () => {
    const r = row(
      'apps',
      'deployments',
      deploy({ replicas: 4 }, { readyReplicas: 2, updatedReplicas: 1, availableReplicas: 2 }),
    );
    expect([r['Ready'], r['Up-to-date'], r['Available']]).toEqual(['2/4', 1, 2]);
    const fresh = row('apps', 'deployments', deploy({}, {}));
    expect([fresh['Ready'], fresh['Up-to-date'], fresh['Available']]).toEqual(['0/3', 0, 0]);
  });

  it('renders multi-container templates and expression selectors', () => {
    const d = deploy(
      {
        template: template([web, sidecar]),
        selector: {
          matchLabels: { app: 'web' },
          matchExpressions: [{ key: 'tier', operator: 'In', values: ['be', 'fe'] }],
        },
      },
      {},
    );
    const r = row('apps', 'deployments', d);
    expect([r['Containers'], r['Images'], r['Selector']]).toEqual([
      'web,log',
      'nginx:1.19,busybox:1.36',
      'app=web,tier in (be,fe)',
    ]);
  });
});

describe('replicasets: kubectl get rs', () => {
  it('prints desired, current and ready counts', () => {
    const rs = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-5d78f7c9b4', namespace: 'default', creationTimestamp: ago(10 * MIN) },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web', 'pod-template-hash': '5d78f7c9b4' } },
        template: template([web]),
      },
      status: { replicas: 3, readyReplicas: 2 },
    };
    expect(render(table('apps', 'replicasets', rs), true)).toBe(
      [
        'NAME             DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES       SELECTOR',
        'web-5d78f7c9b4   3         3         2       10m   web          nginx:1.19   app=web,pod-template-hash=5d78f7c9b4',
      ].join('\n'),
    );
  });
});

describe('daemonsets: kubectl get ds', () => {
  it('prints kube-proxy with its node selector', () => {
    const ds = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'kube-proxy', namespace: 'kube-system', creationTimestamp: ago(3 * DAY) },
      spec: {
        selector: { matchLabels: { 'k8s-app': 'kube-proxy' } },
        template: template([{ name: 'kube-proxy', image: 'kubelab/proxy:0.1' }], {
          'kubernetes.io/os': 'linux',
        }),
      },
      status: {
        desiredNumberScheduled: 3,
        currentNumberScheduled: 3,
        numberReady: 2,
        updatedNumberScheduled: 3,
        numberAvailable: 2,
      },
    };
    expect(table('apps', 'daemonsets', ds).rows[0]!.cells).toEqual([
      'kube-proxy',
      3,
      3,
      2,
      3,
      2,
      'kubernetes.io/os=linux',
      '3d',
      'kube-proxy',
      'kubelab/proxy:0.1',
      'k8s-app=kube-proxy',
    ]);
  });

  it('prints <none> for a daemonset that runs on every node', () => {
    const ds = {
      metadata: { name: 'x', creationTimestamp: ago(DAY) },
      spec: { selector: { matchLabels: { a: 'b' } }, template: template([web]) },
      status: {},
    };
    expect(row('apps', 'daemonsets', ds)['Node Selector']).toBe('<none>');
  });
});

describe('jobs: kubectl get jobs', () => {
  const job = (spec: object, status: object) => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'default', creationTimestamp: ago(HOUR) },
    spec: {
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'c0ffee' } },
      template: template([{ name: 'pi', image: 'perl:5.34' }]),
      ...spec,
    },
    status,
  });

  it('prints a completed job with its run time', () => {
    const j = job(
      { completions: 1, parallelism: 1 },
      {
        succeeded: 1,
        startTime: ago(HOUR),
        completionTime: ago(HOUR - 95 * SEC),
        conditions: [{ type: 'Complete', status: 'True' }],
      },
    );
    expect(table('batch', 'jobs', j).rows[0]!.cells).toEqual([
      'pi',
      'Complete',
      '1/1',
      '95s',
      '60m',
      'pi',
      'perl:5.34',
      'batch.kubernetes.io/controller-uid=c0ffee',
    ]);
  });

  it('shows Running until a condition says otherwise, and Failed when it failed', () => {
    expect(row('batch', 'jobs', job({ completions: 5 }, { succeeded: 2 }))['Status']).toBe(
      'Running',
    );
    expect(
      row(
        'batch',
        'jobs',
        job({ completions: 5 }, { conditions: [{ type: 'Failed', status: 'True' }] }),
      )['Status'],
    ).toBe('Failed');
  });

  it('counts a running job from its start to now, and leaves Duration empty before it starts', () => {
    expect(
      row('batch', 'jobs', job({ completions: 5 }, { succeeded: 2, startTime: ago(4 * MIN) }))[
        'Duration'
      ],
    ).toBe('4m');
    expect(row('batch', 'jobs', job({ completions: 5 }, {}))['Duration']).toBe('');
  });

  it('prints completions for work-queue jobs without spec.completions', () => {
    const completions = (spec: object) =>
      row('batch', 'jobs', job(spec, { succeeded: 0 }))['Completions'];
    expect(completions({ completions: 5 })).toBe('0/5');
    expect(completions({ parallelism: 1 })).toBe('0/1');
    expect(completions({ parallelism: 4 })).toBe('0/1 of 4');
    expect(completions({})).toBe('0/1');
  });
});
