// kubectl acceptance: `kubectl describe` for pods, nodes, deployments, replicasets, services and
// namespaces, including the Events section, which kubectl fills by listing core/v1 Events with
// involvedObject field selectors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver';
import {
  kubectlClients,
  parseTable,
  restClient,
  runKubectl,
  type Rest,
} from '../../support/kubectl';
import { eventFor, NS, seed } from './seed';

const clients = kubectlClients();
let api: TestApiServer;
let rest: Rest;

beforeAll(async () => {
  api = await startTestApiServer();
  rest = restClient(api.httpUrl);
  const objs = await seed(rest, async () => {});
  const node = (await rest('GET', '/api/v1/nodes/node-1')).json;
  const svc = (await rest('GET', `/api/v1/namespaces/${NS}/services/web`)).json;
  const post = async (ns: string, e: unknown) => {
    const r = await rest('POST', `/api/v1/namespaces/${ns}/events`, e);
    expect(r.status).toBe(201);
  };
  const pod = { kind: 'Pod', apiVersion: 'v1', ...objs.web };
  // Stored out of order on purpose: kubectl sorts them by time.
  await post(
    NS,
    eventFor(
      pod,
      'web-1.2',
      'Pulled',
      'Container image "nginx:1.19" already present on machine',
      { component: 'kubelet', host: 'node-1' },
      { at: '2026-01-01T00:00:05Z' },
    ),
  );
  await post(
    NS,
    eventFor(pod, 'web-1.1', 'Scheduled', 'Successfully assigned shop/web-1 to node-1', {
      component: 'default-scheduler',
    }),
  );
  // An event about another pod must not show up.
  await post(
    NS,
    eventFor(
      { kind: 'Pod', metadata: { name: 'other', namespace: NS, uid: 'x' } },
      'other.1',
      'Scheduled',
      'not me',
      { component: 'default-scheduler' },
    ),
  );
  await post(
    'default',
    eventFor(
      // The kubelet refers to its node with uid = the node's name, and kubectl searches for that.
      {
        kind: 'Node',
        metadata: { name: node.metadata.name, namespace: '', uid: node.metadata.name },
      },
      'node-1.1',
      'Starting',
      'Starting kubelet.',
      { component: 'kubelet', host: 'node-1' },
    ),
  );
  await post(
    NS,
    eventFor(
      { kind: 'Deployment', apiVersion: 'apps/v1', ...objs.deploy },
      'web.1',
      'ScalingReplicaSet',
      'Scaled up replica set web-5d4f8b7c9 to 3',
      { component: 'deployment-controller' },
    ),
  );
  await post(
    NS,
    eventFor(
      { kind: 'ReplicaSet', apiVersion: 'apps/v1', ...objs.rs },
      'web-rs.1',
      'SuccessfulCreate',
      'Created pod: web-1',
      { component: 'replicaset-controller' },
    ),
  );
  await post(
    NS,
    eventFor(
      { kind: 'Service', apiVersion: 'v1', ...svc },
      'websvc.1',
      'EnsuringLoadBalancer',
      'Ensuring load balancer',
      { component: 'service-controller' },
      { type: 'Warning' },
    ),
  );
  // The service's endpoints, as the endpoints and endpointslice controllers would write them.
  await rest('POST', `/api/v1/namespaces/${NS}/endpoints`, {
    metadata: { name: 'web' },
    subsets: [{ addresses: [{ ip: '10.244.1.5' }], ports: [{ name: 'http', port: 8080 }] }],
  });
  await rest('POST', `/apis/discovery.k8s.io/v1/namespaces/${NS}/endpointslices`, {
    metadata: { name: 'web-abcde', labels: { 'kubernetes.io/service-name': 'web' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.244.1.5'], conditions: { ready: true } }],
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  });
});
afterAll(async () => api?.stop());

/** `Key:   value` on one line of describe output. */
function field(out: string, key: string): string | undefined {
  const m = new RegExp(`^${key.replace(/[().]/g, '\\$&')}:[ \\t]*(.*)$`, 'm').exec(out);
  return m?.[1]?.trim();
}

/** The rows of the Events table at the end of describe output. */
function events(out: string): Record<string, string>[] {
  const at = out.indexOf('\nEvents:');
  expect(at, out).toBeGreaterThan(0);
  const lines = out
    .slice(at + '\nEvents:'.length)
    .split('\n')
    .map((l) => l.replace(/^ {2}/, ''))
    .filter((l) => l.trim() !== '' && !/^-+(\s+-+)*\s*$/.test(l.trim()));
  return parseTable(lines.join('\n')).rows;
}

describe.each(clients)('$name', ({ bin }) => {
  const k = async (args: string[]) => {
    const r = await runKubectl(bin, args, { kubeconfig: api.kubeconfigPath });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return r.stdout;
  };

  it('describe pod: placement, container state and its events in time order', async () => {
    const out = await k(['describe', 'pod', 'web-1', '-n', NS]);
    expect(field(out, 'Name')).toBe('web-1');
    expect(field(out, 'Namespace')).toBe(NS);
    expect(field(out, 'Node')).toBe('node-1/10.0.0.10');
    expect(field(out, 'Start Time')).toBe('Thu, 01 Jan 2026 00:00:00 +0000');
    expect(field(out, 'Status')).toBe('Running');
    expect(field(out, 'IP')).toBe('10.244.1.5');
    expect(out).toMatch(/^Labels:\s+app=web\n\s+tier=front$/m);
    expect(out).toMatch(
      /^ {2}nginx:\n {4}Container ID:\s+containerd:\/\/6818abcd\n {4}Image:\s+nginx:1\.19\n/m,
    );
    expect(out).toMatch(/^ {4}Port:\s+80\/TCP$/m);
    expect(out).toMatch(/^ {4}State:\s+Running\n {6}Started:\s+Thu, 01 Jan 2026 00:00:00 \+0000$/m);
    expect(out).toMatch(/^ {4}Ready:\s+True$/m);
    expect(out).toMatch(/^ {4}Restart Count:\s+2$/m);
    expect(out).toMatch(/^ {2}Ready\s+True\s*$/m);
    expect(field(out, 'QoS Class')).toBe('BestEffort');
    expect(out).toMatch(
      /^Tolerations:\s+node\.kubernetes\.io\/not-ready:NoExecute op=Exists for 300s$/m,
    );
    expect(events(out)).toEqual([
      {
        Type: 'Normal',
        Reason: 'Scheduled',
        Age: expect.stringMatching(/^\d+d$/),
        From: 'default-scheduler',
        Message: 'Successfully assigned shop/web-1 to node-1',
      },
      {
        Type: 'Normal',
        Reason: 'Pulled',
        Age: expect.stringMatching(/^\d+d$/),
        From: 'kubelet',
        Message: 'Container image "nginx:1.19" already present on machine',
      },
    ]);
  });

  it('describe pod of a crash-looping container shows the waiting reason', async () => {
    const out = await k(['describe', 'pod', 'crash-1', '-n', NS]);
    expect(out).toMatch(/^ {4}State:\s+Waiting\n {6}Reason:\s+CrashLoopBackOff$/m);
    expect(out).toMatch(/^ {4}Restart Count:\s+5$/m);
    expect(out).toMatch(/^Events:\s+<none>$/m);
  });

  it('describe node: roles, conditions, addresses, capacity/allocatable, system info, events', async () => {
    const out = await k(['describe', 'node', 'node-1']);
    expect(field(out, 'Name')).toBe('node-1');
    expect(field(out, 'Roles')).toBe('control-plane');
    expect(field(out, 'Unschedulable')).toBe('false');
    expect(out).toMatch(
      /^ {2}Ready\s+True\s+Thu, 01 Jan 2026 00:00:00 \+0000\s+Thu, 01 Jan 2026 00:00:00 \+0000\s+KubeletReady\s+kubelet is posting ready status$/m,
    );
    expect(out).toMatch(/^Addresses:\n {2}InternalIP:\s+10\.0\.0\.10\n/m);
    expect(out).toMatch(/^Capacity:\n {2}cpu:\s+2\n {2}memory:\s+2Gi\n {2}pods:\s+110\n/m);
    expect(out).toMatch(/^ {2}Kubelet Version:\s+v1\.32\.0$/m);
    expect(out).toMatch(/^ {2}Container Runtime Version:\s+containerd:\/\/1\.6\.20$/m);
    // Pods bound to the node are listed.
    expect(out).toMatch(/^Non-terminated Pods:\s+\(2 in total\)$/m);
    expect(out).toMatch(/^ {2}shop\s+web-1\s+0 \(0%\)/m);
    expect(events(out)).toEqual([
      {
        Type: 'Normal',
        Reason: 'Starting',
        Age: expect.any(String),
        From: 'kubelet',
        Message: 'Starting kubelet.',
      },
    ]);
  });

  it('describe node: Allocatable (defaulted from Capacity on a status write)', async () => {
    const out = await k(['describe', 'node', 'node-1']);
    // Allocatable defaults to capacity when the kubelet does not report it.
    expect(out).toMatch(/^Allocatable:\n {2}cpu:\s+2\n {2}memory:\s+2Gi\n {2}pods:\s+110\n/m);
  });

  it('describe deployment: replicas summary, strategy, new ReplicaSet, events', async () => {
    const out = await k(['describe', 'deployment', 'web', '-n', NS]);
    expect(field(out, 'Selector')).toBe('app=web');
    expect(field(out, 'Replicas')).toBe(
      '3 desired | 3 updated | 3 total | 2 available | 1 unavailable',
    );
    expect(field(out, 'StrategyType')).toBe('RollingUpdate');
    expect(field(out, 'RollingUpdateStrategy')).toBe('25% max unavailable, 25% max surge');
    expect(field(out, 'NewReplicaSet')).toBe('web-5d4f8b7c9 (3/3 replicas created)');
    expect(events(out)).toEqual([
      {
        Type: 'Normal',
        Reason: 'ScalingReplicaSet',
        Age: expect.any(String),
        From: 'deployment-controller',
        Message: 'Scaled up replica set web-5d4f8b7c9 to 3',
      },
    ]);
  });

  it('describe replicaset: owner, replicas, pod status counts, events', async () => {
    const out = await k(['describe', 'rs', 'web-5d4f8b7c9', '-n', NS]);
    expect(field(out, 'Controlled By')).toBe('Deployment/web');
    expect(field(out, 'Replicas')).toBe('3 current / 3 desired');
    // web-1 carries app=web but not the pod-template-hash label, so it is not counted.
    expect(field(out, 'Pods Status')).toBe('0 Running / 0 Waiting / 0 Succeeded / 0 Failed');
    expect(events(out)).toEqual([
      {
        Type: 'Normal',
        Reason: 'SuccessfulCreate',
        Age: expect.any(String),
        From: 'replicaset-controller',
        Message: 'Created pod: web-1',
      },
    ]);
  });

  it('describe service: type, IPs, ports, endpoints, events', async () => {
    const out = await k(['describe', 'service', 'web', '-n', NS]);
    expect(field(out, 'Type')).toBe('ClusterIP');
    expect(field(out, 'IP')).toMatch(/^10\.\d+\.\d+\.\d+$/);
    expect(field(out, 'Port')).toBe('http  80/TCP');
    expect(field(out, 'TargetPort')).toBe('8080/TCP');
    expect(field(out, 'Endpoints')).toBe('10.244.1.5:8080');
    expect(field(out, 'Session Affinity')).toBe('None');
    expect(events(out)).toEqual([
      {
        Type: 'Warning',
        Reason: 'EnsuringLoadBalancer',
        Age: expect.any(String),
        From: 'service-controller',
        Message: 'Ensuring load balancer',
      },
    ]);
  });

  it('describe namespace: labels and status', async () => {
    const out = await k(['describe', 'namespace', NS]);
    expect(field(out, 'Name')).toBe(NS);
    expect(field(out, 'Labels')).toBe(`kubernetes.io/metadata.name=${NS}`);
    expect(field(out, 'Status')).toBe('Active');
  });

  it('describe of a missing object is NotFound', async () => {
    const r = await runKubectl(bin, ['describe', 'pod', 'nope', '-n', NS], {
      kubeconfig: api.kubeconfigPath,
    });
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
    });
  });
});
