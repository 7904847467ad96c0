import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MIN, ago, render, row, table } from './fixtures';

const meta = (name: string, age: number, namespace?: string) => ({
  name,
  ...(namespace ? { namespace } : {}),
  creationTimestamp: ago(age),
});

describe('namespaces', () => {
  it('prints the phase, so a namespace being deleted stands out', () => {
    const t = table(
      '',
      'namespaces',
      { metadata: meta('default', 3 * DAY), status: { phase: 'Active' } },
      { metadata: meta('lab-1', 5 * MIN), status: { phase: 'Terminating' } },
    );
    expect(render(t)).toBe(
      [
        'NAME      STATUS        AGE',
        'default   Active        3d',
        'lab-1     Terminating   5m',
      ].join('\n'),
    );
  });
});

describe('configmaps, secrets, serviceaccounts', () => {
  it('counts configmap keys across data and binaryData', () => {
    const cm = {
      metadata: meta('kube-proxy', DAY, 'kube-system'),
      data: { 'config.conf': 'x', kubeconfig: 'y' },
      binaryData: { blob: 'AA==' },
    };
    expect(table('', 'configmaps', cm).rows[0]!.cells).toEqual(['kube-proxy', 3, '24h']);
    expect(row('', 'configmaps', { metadata: meta('empty', DAY) })['Data']).toBe(0);
  });

  it('prints the secret type and key count', () => {
    const tls = {
      metadata: meta('web-tls', HOUR, 'default'),
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': 'Yw==', 'tls.key': 'aw==' },
    };
    expect(table('', 'secrets', tls).rows[0]!.cells).toEqual([
      'web-tls',
      'kubernetes.io/tls',
      2,
      '60m',
    ]);
    const written = {
      metadata: meta('s', HOUR),
      type: 'Opaque',
      data: { a: 'YQ==' },
      stringData: { a: 'a', b: 'b' },
    };
    expect(row('', 'secrets', written)['Data']).toBe(2);
  });

  it('keeps the SECRETS column for service accounts (NAME, SECRETS, AGE)', () => {
    const t = table(
      '',
      'serviceaccounts',
      { metadata: meta('default', DAY, 'default') },
      {
        metadata: meta('legacy', DAY, 'default'),
        secrets: [{ name: 'legacy-token-abcde' }],
      },
    );
    expect(render(t)).toBe(
      ['NAME      SECRETS   AGE', 'default   0         24h', 'legacy    1         24h'].join('\n'),
    );
  });
});

describe('events', () => {
  const scheduled = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: meta('nginx-1.17a8f0c2d3e4', HOUR, 'default'),
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'nginx-1', uid: 'u1' },
    reason: 'Scheduled',
    message: 'Successfully assigned default/nginx-1 to node-2',
    source: { component: 'default-scheduler' },
    firstTimestamp: ago(HOUR),
    lastTimestamp: ago(HOUR),
    count: 1,
    type: 'Normal',
  };

  it('prints the captured `get events --field-selector reason=Scheduled` output', () => {
    expect(render(table('', 'events', scheduled))).toBe(
      [
        'LAST SEEN   TYPE     REASON      OBJECT        MESSAGE',
        '60m         Normal   Scheduled   pod/nginx-1   Successfully assigned default/nginx-1 to node-2',
      ].join('\n'),
    );
  });

  it('orders wide columns as upstream and fills them', () => {
    const backoff = {
      ...scheduled,
      metadata: meta('web.b4c0ff', 4 * HOUR, 'default'),
      involvedObject: { kind: 'Pod', name: 'web', fieldPath: 'spec.containers{web}' },
      reason: 'BackOff',
      message: 'Back-off restarting failed container\n',
      source: { component: 'kubelet', host: 'node-2' },
      firstTimestamp: ago(4 * HOUR),
      lastTimestamp: ago(30 * 1000),
      count: 42,
      type: 'Warning',
    };
    const t = table('', 'events', backoff);
    expect(t.columnDefinitions!.map((c) => [c.name, c.priority])).toEqual([
      ['Last Seen', 0],
      ['Type', 0],
      ['Reason', 0],
      ['Object', 0],
      ['Subobject', 1],
      ['Source', 1],
      ['Message', 0],
      ['First Seen', 1],
      ['Count', 1],
      ['Name', 1],
    ]);
    expect(t.rows[0]!.cells).toEqual([
      '30s',
      'Warning',
      'BackOff',
      'pod/web',
      'spec.containers{web}',
      'kubelet, node-2',
      'Back-off restarting failed container',
      '4h',
      42,
      'web.b4c0ff',
    ]);
  });

  it('reads new-style events: eventTime, series and reporting fields', () => {
    const ev = {
      metadata: meta('web.series', HOUR, 'default'),
      involvedObject: { kind: 'Node', name: 'node-2' },
      reason: 'NodeNotReady',
      message: 'Node node-2 status is now: NodeNotReady',
      eventTime: '2026-11-25T19:16:06.000000Z',
      series: { count: 7, lastObservedTime: '2026-11-25T19:25:06.500000Z' },
      reportingComponent: 'node-controller',
      reportingInstance: 'master-1',
      type: 'Normal',
    };
    const r = row('', 'events', ev);
    expect([r['Last Seen'], r['First Seen'], r['Count'], r['Source'], r['Object']]).toEqual([
      '59s',
      '10m',
      7,
      'node-controller, master-1',
      'node/node-2',
    ]);
    const single = row('', 'events', { ...ev, series: undefined, reportingInstance: undefined });
    expect([single['Last Seen'], single['Count'], single['Source']]).toEqual([
      '10m',
      1,
      'node-controller',
    ]);
  });

  it('prints events.k8s.io/v1 objects exactly like their core/v1 form', () => {
    const v1 = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: scheduled.metadata,
      regarding: scheduled.involvedObject,
      reason: 'Scheduled',
      note: scheduled.message,
      deprecatedSource: { component: 'default-scheduler' },
      deprecatedFirstTimestamp: scheduled.firstTimestamp,
      deprecatedLastTimestamp: scheduled.lastTimestamp,
      deprecatedCount: 1,
      type: 'Normal',
    };
    expect(table('events.k8s.io', 'events', v1).rows[0]!.cells).toEqual(
      table('', 'events', scheduled).rows[0]!.cells,
    );
  });
});

describe('leases and componentstatuses', () => {
  it('prints the lease holder', () => {
    const lease = {
      metadata: meta('kube-scheduler', DAY, 'kube-system'),
      spec: { holderIdentity: 'master-1_3f2a', leaseDurationSeconds: 15 },
    };
    expect(table('coordination.k8s.io', 'leases', lease).rows[0]!.cells).toEqual([
      'kube-scheduler',
      'master-1_3f2a',
      '24h',
    ]);
    expect(
      row('coordination.k8s.io', 'leases', { metadata: meta('free', DAY), spec: {} })['Holder'],
    ).toBe('');
  });

  it('prints the captured `get componentstatuses` output, without an age', () => {
    const cs = (name: string, condition: object) => ({
      metadata: { name },
      conditions: [condition],
    });
    const t = table(
      '',
      'componentstatuses',
      cs('controller-manager', { type: 'Healthy', status: 'True', message: 'ok' }),
      cs('etcd-0', { type: 'Healthy', status: 'True', message: '{"health":"true"}' }),
      cs('scheduler', {
        type: 'Healthy',
        status: 'False',
        error: 'Get "http://127.0.0.1:10251/healthz": connection refused',
      }),
    );
    expect(render(t)).toBe(
      [
        'NAME                 STATUS      MESSAGE             ERROR',
        'controller-manager   Healthy     ok',
        'etcd-0               Healthy     {"health":"true"}',
        'scheduler            Unhealthy                       Get "http://127.0.0.1:10251/healthz": connection refused',
      ].join('\n'),
    );
    expect(row('', 'componentstatuses', { metadata: { name: 'x' } })['Status']).toBe('Unknown');
  });
});

describe('rbac', () => {
  it('prints roles and clusterroles with their creation time in UTC', () => {
    const r = { metadata: { name: 'admin', creationTimestamp: '2026-11-22T19:26:06Z' }, rules: [] };
    const t = table('rbac.authorization.k8s.io', 'clusterroles', r);
    expect(t.columnDefinitions!.map((c) => [c.name, c.type])).toEqual([
      ['Name', 'string'],
      ['Created At', 'date'],
    ]);
    expect(t.rows[0]!.cells).toEqual(['admin', '2026-11-22T19:26:06Z']);
    expect(
      table('rbac.authorization.k8s.io', 'roles', {
        ...r,
        metadata: {
          name: 'reader',
          namespace: 'lab',
          creationTimestamp: '2026-11-25T20:00:00.000+01:00',
        },
      }).rows[0]!.cells,
    ).toEqual(['reader', '2026-11-25T19:00:00Z']);
  });

  it('prints a binding as Kind/name and splits subjects by kind', () => {
    const b = {
      metadata: meta('kubeadm:node-proxier', DAY),
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'system:node-proxier',
      },
      subjects: [
        { kind: 'ServiceAccount', name: 'kube-proxy', namespace: 'kube-system' },
        { kind: 'User', name: 'alice' },
        { kind: 'User', name: 'bob' },
        { kind: 'Group', name: 'system:nodes' },
      ],
    };
    expect(table('rbac.authorization.k8s.io', 'clusterrolebindings', b).rows[0]!.cells).toEqual([
      'kubeadm:node-proxier',
      'ClusterRole/system:node-proxier',
      '24h',
      'alice, bob',
      'system:nodes',
      'kube-system/kube-proxy',
    ]);
    const rb = {
      metadata: meta('edit-lab', HOUR, 'lab'),
      roleRef: { kind: 'Role', name: 'editor' },
    };
    expect(table('rbac.authorization.k8s.io', 'rolebindings', rb).rows[0]!.cells).toEqual([
      'edit-lab',
      'Role/editor',
      '60m',
      '',
      '',
      '',
    ]);
  });
});
