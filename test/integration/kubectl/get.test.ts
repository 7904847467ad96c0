// kubectl acceptance: `kubectl get` for every resource type the server serves, with upstream's
// column headers and realistic cells, every output format, selectors, sorting, -A, -L,
// --show-labels, `get all`, events, and `get -w` streaming changes as they happen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver';
import {
  kubectlClients,
  parseTable,
  restClient,
  runKubectl,
  startKubectl,
  type Rest,
} from '../../support/kubectl';
import { eventFor, NS, seed } from './seed';

const clients = kubectlClients();
let api: TestApiServer;
let rest: Rest;
let objs: Awaited<ReturnType<typeof seed>>;

beforeAll(async () => {
  api = await startTestApiServer();
  rest = restClient(api.httpUrl);
  objs = await seed(rest, () => api.server.advertise('127.0.0.1', Number(new URL(api.url).port)));
  // Two events a second apart, created in the reverse of their name order, so sorting by
  // creationTimestamp is observable.
  const pod = { kind: 'Pod', apiVersion: 'v1', ...objs.web };
  const events = `/api/v1/namespaces/${NS}/events`;
  await rest(
    'POST',
    events,
    eventFor(pod, 'zz-first', 'Scheduled', 'Successfully assigned shop/web-1 to node-1', {
      component: 'default-scheduler',
    }),
  );
  await new Promise((r) => setTimeout(r, 1100));
  await rest(
    'POST',
    events,
    eventFor(
      pod,
      'aa-second',
      'Pulled',
      'Container image "nginx:1.19" already present on machine',
      { component: 'kubelet', host: 'node-1' },
    ),
  );
});
afterAll(async () => api?.stop());

/** Upstream headers (priority-0 columns) and the extra -o wide ones, per resource. */
const HEADERS: [string, string[], string[]][] = [
  [
    'pods',
    ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
    ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
  ],
  [
    'nodes',
    ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
    ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
  ],
  ['namespaces', ['NAME', 'STATUS', 'AGE'], []],
  ['services', ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'], ['SELECTOR']],
  ['endpoints', ['NAME', 'ENDPOINTS', 'AGE'], []],
  ['configmaps', ['NAME', 'DATA', 'AGE'], []],
  ['secrets', ['NAME', 'TYPE', 'DATA', 'AGE'], []],
  ['serviceaccounts', ['NAME', 'SECRETS', 'AGE'], []],
  ['events', ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'], []],
  [
    'deployments',
    ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
    ['CONTAINERS', 'IMAGES', 'SELECTOR'],
  ],
  [
    'replicasets',
    ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
    ['CONTAINERS', 'IMAGES', 'SELECTOR'],
  ],
  [
    'daemonsets',
    ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'],
    ['CONTAINERS', 'IMAGES', 'SELECTOR'],
  ],
  // The server reports v1.32; its Job table has had a Status column since 1.30.
  [
    'jobs',
    ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE'],
    ['CONTAINERS', 'IMAGES', 'SELECTOR'],
  ],
  ['leases', ['NAME', 'HOLDER', 'AGE'], []],
  ['endpointslices', ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'], []],
  ['roles', ['NAME', 'CREATED AT'], []],
  ['rolebindings', ['NAME', 'ROLE', 'AGE'], ['USERS', 'GROUPS', 'SERVICEACCOUNTS']],
  ['clusterroles', ['NAME', 'CREATED AT'], []],
  ['clusterrolebindings', ['NAME', 'ROLE', 'AGE'], ['USERS', 'GROUPS', 'SERVICEACCOUNTS']],
];

describe.each(clients)('$name', ({ bin, minor }) => {
  const k = (args: string[]) => runKubectl(bin, args, { kubeconfig: api.kubeconfigPath });
  const ks = (args: string[]) => k(['-n', NS, ...args]);
  /** Runs kubectl (exit 0, nothing on stderr) and parses its table. */
  const table = async (args: string[]) => {
    const r = await ks(args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return parseTable(r.stdout);
  };
  const row = (t: { rows: Record<string, string>[] }, name: string, col = 'NAME') =>
    t.rows.find((r) => r[col] === name);

  it.each(HEADERS)('get %s (and -o wide) prints upstream headers', async (resource, base, wide) => {
    const ns = resource === 'endpoints' || resource === 'endpointslices' ? 'default' : NS;
    const plain = await k(['-n', ns, 'get', resource]);
    expect(plain.code).toBe(0);
    expect(parseTable(plain.stdout).headers).toEqual(base);
    expect(parseTable(plain.stdout).rows.length).toBeGreaterThan(0);
    const w = await k(['-n', ns, 'get', resource, '-o', 'wide']);
    expect(w.code).toBe(0);
    const wideHeaders =
      resource === 'events'
        ? [
            'LAST SEEN',
            'TYPE',
            'REASON',
            'OBJECT',
            'SUBOBJECT',
            'SOURCE',
            'MESSAGE',
            'FIRST SEEN',
            'COUNT',
            'NAME',
          ]
        : [...base, ...wide];
    expect(parseTable(w.stdout).headers).toEqual(wideHeaders);
  });

  it('get componentstatuses warns that the API is deprecated', async () => {
    const r = await k(['get', 'componentstatuses']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('Warning: v1 ComponentStatus is deprecated in v1.19+\n');
    const t = parseTable(r.stdout);
    expect(t.headers).toEqual(['NAME', 'STATUS', 'MESSAGE', 'ERROR']);
    expect(t.rows.map((x) => x.NAME)).toEqual(
      expect.arrayContaining(['scheduler', 'controller-manager']),
    );
  });

  it('pod cells: ready count, status (incl. container waiting reason), restarts, IP, node', async () => {
    const t = await table(['get', 'pods', '-o', 'wide']);
    expect(t.rows.map((r) => r.NAME)).toEqual(['batch-1', 'crash-1', 'web-1']);
    expect(row(t, 'web-1')).toMatchObject({
      READY: '1/1',
      STATUS: 'Running',
      RESTARTS: '2',
      IP: '10.244.1.5',
      NODE: 'node-1',
      'NOMINATED NODE': '<none>',
      'READINESS GATES': '<none>',
    });
    expect(row(t, 'crash-1')).toMatchObject({
      READY: '0/1',
      STATUS: 'CrashLoopBackOff',
      RESTARTS: '5',
    });
    expect(row(t, 'batch-1')).toMatchObject({
      READY: '0/1',
      STATUS: 'Pending',
      IP: '<none>',
      NODE: '<none>',
    });
    expect(row(t, 'web-1')!.AGE).toMatch(/^\d+s$/);
  });

  it('node cells: Ready/NotReady,SchedulingDisabled, roles, version and node info', async () => {
    const t = await table(['get', 'nodes', '-o', 'wide']);
    expect(row(t, 'node-1')).toMatchObject({
      STATUS: 'Ready',
      ROLES: 'control-plane',
      VERSION: 'v1.32.0',
      'INTERNAL-IP': '10.0.0.10',
      'EXTERNAL-IP': '<none>',
      'OS-IMAGE': 'Debian GNU/Linux 12 (bookworm)',
      'KERNEL-VERSION': '6.1.0-28-amd64',
      'CONTAINER-RUNTIME': 'containerd://1.6.20',
    });
    expect(row(t, 'node-2')).toMatchObject({
      STATUS: 'NotReady,SchedulingDisabled',
      ROLES: '<none>',
    });
  });

  it('workload and service cells', async () => {
    const d = await table(['get', 'deployments', '-o', 'wide']);
    expect(row(d, 'web')).toMatchObject({
      READY: '2/3',
      'UP-TO-DATE': '3',
      AVAILABLE: '2',
      CONTAINERS: 'nginx',
      IMAGES: 'nginx:1.19',
      SELECTOR: 'app=web',
    });
    const rs = await table(['get', 'rs']);
    expect(row(rs, 'web-5d4f8b7c9')).toMatchObject({ DESIRED: '3', CURRENT: '3', READY: '2' });
    const ds = await table(['get', 'ds']);
    expect(row(ds, 'agent')).toMatchObject({
      DESIRED: '2',
      CURRENT: '2',
      READY: '1',
      'UP-TO-DATE': '2',
      AVAILABLE: '1',
      'NODE SELECTOR': 'kubernetes.io/os=linux',
    });
    const svc = await table(['get', 'svc', '-o', 'wide']);
    expect(row(svc, 'web')).toMatchObject({
      TYPE: 'ClusterIP',
      'EXTERNAL-IP': '<none>',
      'PORT(S)': '80/TCP',
      SELECTOR: 'app=web',
    });
    expect(row(svc, 'web')!['CLUSTER-IP']).toMatch(/^10\.\d+\.\d+\.\d+$/);
    const cm = await table(['get', 'cm']);
    expect(row(cm, 'settings')).toMatchObject({ DATA: '2' });
    const sec = await table(['get', 'secrets']);
    expect(row(sec, 'creds')).toMatchObject({ TYPE: 'Opaque', DATA: '2' });
    const rb = await table(['get', 'rolebindings', '-o', 'wide']);
    expect(row(rb, 'read-pods')).toMatchObject({
      ROLE: 'Role/reader',
      USERS: 'alice',
      SERVICEACCOUNTS: `${NS}/robot`,
    });
    const leases = await table(['get', 'leases']);
    expect(row(leases, 'leader')).toMatchObject({ HOLDER: 'node-1_abc' });
    const ep = await k(['get', 'endpoints', 'kubernetes', '-n', 'default']);
    expect(parseTable(ep.stdout).rows[0]!.ENDPOINTS).toBe(`127.0.0.1:${new URL(api.url).port}`);
  });

  it('job cells: a v1.32 server shows the Job status (Running until a terminal condition)', async () => {
    const jobs = await table(['get', 'jobs']);
    expect(row(jobs, 'pi')).toMatchObject({ STATUS: 'Running', COMPLETIONS: '0/2' });
  });

  it('get a single object; -o name, -o json, -o yaml, -o jsonpath', async () => {
    let r = await ks(['get', 'pod', 'web-1']);
    expect(r.code).toBe(0);
    expect(parseTable(r.stdout).rows.map((x) => x.NAME)).toEqual(['web-1']);

    r = await ks(['get', 'pods', '-o', 'name']);
    expect(r).toEqual({ code: 0, stdout: 'pod/batch-1\npod/crash-1\npod/web-1\n', stderr: '' });
    r = await ks(['get', 'deploy', '-o', 'name']);
    expect(r.stdout).toBe('deployment.apps/web\n');

    r = await ks(['get', 'pod', 'web-1', '-o', 'json']);
    expect(r.code).toBe(0);
    const pod = JSON.parse(r.stdout);
    expect(pod).toMatchObject({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-1', namespace: NS, uid: objs.web.metadata.uid },
      status: { phase: 'Running', podIP: '10.244.1.5' },
    });

    r = await ks(['get', 'pods', '-o', 'json']);
    const list = JSON.parse(r.stdout);
    expect(list.kind).toBe('List');
    expect(list.items.map((p: any) => p.metadata.name)).toEqual(['batch-1', 'crash-1', 'web-1']);

    r = await ks(['get', 'cm', 'settings', '-o', 'yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^apiVersion: v1\ndata:\n {2}a: "1"\n {2}b: "2"\nkind: ConfigMap\nmetadata:\n/,
    );
    expect(r.stdout).toContain(`  name: settings\n  namespace: ${NS}\n`);

    r = await ks([
      'get',
      'pods',
      '-o',
      'jsonpath={range .items[*]}{.metadata.name}={.status.phase}{"\\n"}{end}',
    ]);
    expect(r).toEqual({
      code: 0,
      stdout: 'batch-1=Pending\ncrash-1=Running\nweb-1=Running\n',
      stderr: '',
    });
    r = await k(['get', 'node', 'node-1', '-o', 'jsonpath={.status.nodeInfo.kubeletVersion}']);
    expect(r.stdout).toBe('v1.32.0');
  });

  it('-A adds a NAMESPACE column from every namespace', async () => {
    const r = await k(['get', 'services', '-A']);
    expect(r.code).toBe(0);
    const t = parseTable(r.stdout);
    expect(t.headers[0]).toBe('NAMESPACE');
    expect(t.rows.map((x) => `${x.NAMESPACE}/${x.NAME}`)).toEqual(
      expect.arrayContaining(['default/kubernetes', `${NS}/web`]),
    );
    const none = await k(['get', 'pods', '-A', '-l', 'app=nothing']);
    expect(none).toEqual({ code: 0, stdout: '', stderr: 'No resources found\n' });
  });

  it('-l, -L and --show-labels', async () => {
    let t = await table(['get', 'pods', '-l', 'tier']);
    expect(t.rows.map((x) => x.NAME)).toEqual(['crash-1', 'web-1']);
    t = await table(['get', 'pods', '-l', 'app in (web,batch),tier!=back']);
    expect(t.rows.map((x) => x.NAME)).toEqual(['batch-1', 'web-1']);
    t = await table(['get', 'pods', '-L', 'app', '-L', 'tier']);
    expect(t.headers).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'APP', 'TIER']);
    expect(row(t, 'web-1')).toMatchObject({ APP: 'web', TIER: 'front' });
    expect(row(t, 'batch-1')).toMatchObject({ APP: 'batch', TIER: '' });
    t = await table(['get', 'pods', '--show-labels']);
    expect(row(t, 'web-1')!.LABELS).toBe('app=web,tier=front');
    expect(row(t, 'batch-1')!.LABELS).toBe('app=batch');
    const none = await ks(['get', 'pods', '-l', 'app=nothing']);
    expect(none).toEqual({
      code: 0,
      stdout: '',
      stderr: `No resources found in ${NS} namespace.\n`,
    });
  });

  it('--sort-by and --field-selector', async () => {
    let t = await table(['get', 'pods', '--sort-by=.status.podIP']);
    expect(t.rows.map((x) => x.NAME)).toEqual(['batch-1', 'web-1', 'crash-1']);
    t = await table(['get', 'pods', '--sort-by=.metadata.name']);
    expect(t.rows.map((x) => x.NAME)).toEqual(['batch-1', 'crash-1', 'web-1']);
    t = await table(['get', 'pods', '--field-selector', 'status.phase=Running']);
    expect(t.rows.map((x) => x.NAME)).toEqual(['crash-1', 'web-1']);
    t = await table([
      'get',
      'pods',
      '--field-selector',
      'spec.nodeName=node-1,metadata.name!=crash-1',
    ]);
    expect(t.rows.map((x) => x.NAME)).toEqual(['web-1']);
    const bad = await ks(['get', 'pods', '--field-selector', 'foo=bar']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /^Error from server \(BadRequest\): .*field label not supported: foo\n$/,
    );
  });

  it('get events: columns, --field-selector reason=…, --sort-by=.metadata.creationTimestamp', async () => {
    let t = await table(['get', 'events']);
    expect(t.rows.map((x) => x.REASON)).toEqual(['Pulled', 'Scheduled']);
    t = await table(['get', 'events', '--field-selector', 'reason=Scheduled']);
    expect(t.rows).toEqual([
      {
        'LAST SEEN': expect.stringMatching(/^\d+d$/),
        TYPE: 'Normal',
        REASON: 'Scheduled',
        OBJECT: 'pod/web-1',
        MESSAGE: 'Successfully assigned shop/web-1 to node-1',
      },
    ]);
    t = await table(['get', 'events', '--sort-by=.metadata.creationTimestamp']);
    expect(t.rows.map((x) => x.REASON)).toEqual(['Scheduled', 'Pulled']);
    t = await table([
      'get',
      'events',
      '-o',
      'wide',
      '--field-selector',
      'involvedObject.name=web-1,type=Normal',
    ]);
    expect(row(t, 'Pulled', 'REASON')).toMatchObject({
      SOURCE: 'kubelet, node-1',
      COUNT: '1',
      NAME: 'aa-second',
    });
  });

  it('get all lists pods, services, daemonsets, deployments, replicasets and jobs in that order', async () => {
    const r = await ks(['get', 'all']);
    expect(r.code).toBe(0);
    const names = r.stdout
      .split('\n')
      .map((l) => l.split(/\s+/)[0]!)
      .filter((n) => n.includes('/'));
    expect(names).toEqual([
      'pod/batch-1',
      'pod/crash-1',
      'pod/web-1',
      'service/web',
      'daemonset.apps/agent',
      'deployment.apps/web',
      'replicaset.apps/web-5d4f8b7c9',
      'job.batch/pi',
    ]);
  });

  it('get -w streams added, modified and deleted pods', async () => {
    const label = `w${minor}`;
    const pods = `/api/v1/namespaces/${NS}/pods`;
    await rest('POST', pods, {
      metadata: { name: `${label}-a`, labels: { watch: label } },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    });
    const w = startKubectl(bin, ['-n', NS, 'get', 'pods', '-w', '-l', `watch=${label}`], {
      kubeconfig: api.kubeconfigPath,
    });
    try {
      await w.waitFor(`${label}-a `);
      await rest('POST', pods, {
        metadata: { name: `${label}-b`, labels: { watch: label } },
        spec: { containers: [{ name: 'c', image: 'busybox' }] },
      });
      await w.waitFor(`${label}-b `);
      await rest(
        'PATCH',
        `${pods}/${label}-b/status`,
        { status: { phase: 'Running' } },
        'application/merge-patch+json',
      );
      await w.waitFor(/Running/);
      await rest('DELETE', `${pods}/${label}-a`);
      await w.waitFor(new RegExp(`Running[^]*${label}-a `));
    } finally {
      w.kill();
      await rest('DELETE', `${pods}/${label}-b`);
    }
    const r = await w.exited;
    const lines = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => l.split(/\s+/).slice(0, 3).join(' '));
    expect(lines).toEqual([
      'NAME READY STATUS',
      `${label}-a 0/1 Pending`,
      `${label}-b 0/1 Pending`,
      `${label}-b 0/1 Running`,
      `${label}-a 0/1 Pending`,
    ]);
  });
});
