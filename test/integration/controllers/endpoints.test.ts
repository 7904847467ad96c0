// A Service's Endpoints follow its pods: the Endpoints controller, against a real API server,
// lists Ready pods under addresses and the rest under notReadyAddresses, resolves named
// targetPorts per pod, and drops pods as they go.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Endpoints, Pod, Service } from 'kubernetes-types/core/v1';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver';
import { ApiClient, HttpTransport, SharedInformerFactory } from '../../../src-cluster/client';
import { EventRecorder } from '../../../src-cluster/client/events/event-recorder';
import { RESOURCES } from '../../../src-cluster/api/resources';
import {
  DEFAULT_CONTROLLER_FLAGS,
  type ControllerContext,
} from '../../../src-cluster/controllers/framework/context';
import { createEndpointsController } from '../../../src-cluster/controllers/endpoints';
import { realClock } from '../../../src-shared/util/clock';
import { nullTraceSink } from '../../../src-shared/trace';

const ref = (group: string, resource: string) =>
  RESOURCES.find((r) => r.group === group && r.resource === resource)!;

let api: TestApiServer;
let transport: HttpTransport;
let client: ApiClient;
const ac = new AbortController();
let run: Promise<void>;

const pods = () => client.resource<Pod>(ref('', 'pods')).namespace('default');
const services = () => client.resource<Service>(ref('', 'services')).namespace('default');
const endpoints = () => client.resource<Endpoints>(ref('', 'endpoints')).namespace('default');
const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined as T);
    if (ok(v) || Date.now() > deadline) return v;
    await settle(50);
  }
}

async function addPod(
  name: string,
  ip: string | undefined,
  ready: boolean,
  httpPort = 8080,
  app = 'web',
) {
  const pod = await pods().create({
    metadata: { name, labels: { app } },
    spec: {
      containers: [
        { name: 'c', image: 'nginx', ports: [{ name: 'http', containerPort: httpPort }] },
      ],
    },
  });
  if (!ip) return;
  await pods().updateStatus({
    ...pod,
    status: {
      phase: 'Running',
      podIP: ip,
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
  });
}

async function setReady(name: string, ready: boolean) {
  const pod = await pods().get(name);
  await pods().updateStatus({
    ...pod,
    status: { ...pod.status, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  });
}

const ips = (addrs: readonly { ip: string }[] | undefined) => (addrs ?? []).map((a) => a.ip);
const get = () => endpoints().get('web');

beforeAll(async () => {
  api = await startTestApiServer();
  transport = new HttpTransport({ server: api.httpUrl });
  client = new ApiClient({ transport, component: 'kube-controller-manager' });
  const factory = new SharedInformerFactory(client, { clock: realClock });
  const ctx: ControllerContext = {
    client,
    factory,
    clock: realClock,
    trace: nullTraceSink,
    recorder: (component) => new EventRecorder(client, { component }),
    flags: { ...DEFAULT_CONTROLLER_FLAGS },
  };
  const controller = createEndpointsController(ctx);
  factory.start(ac.signal);
  await factory.waitForCacheSync(ac.signal);
  run = controller.run(ac.signal, 2);
});

afterAll(async () => {
  ac.abort();
  await run;
  transport?.close();
  await api?.stop();
});

describe('endpoints controller', () => {
  it('lists Ready pods as addresses and the others as notReadyAddresses, ports resolved', async () => {
    await addPod('web-1', '10.244.1.2', true);
    await addPod('web-2', '10.244.1.3', true);
    await addPod('web-3', '10.244.1.4', false);
    await addPod('web-pending', undefined, false); // no IP yet: nobody to send traffic to
    await addPod('db', '10.244.1.9', true, 8080, 'db'); // not selected
    await services().create({
      metadata: { name: 'web', labels: { tier: 'front' } },
      spec: {
        selector: { app: 'web' },
        ports: [
          { name: 'http', port: 80, targetPort: 'http' },
          { name: 'metrics', port: 9090, targetPort: 9100 },
        ],
      },
    });
    const ep = await eventually(get, (e) => ips(e?.subsets?.[0]?.addresses).length === 2);
    expect(ep.subsets).toHaveLength(1);
    const [subset] = ep.subsets!;
    expect(ips(subset!.addresses)).toEqual(['10.244.1.2', '10.244.1.3']);
    expect(ips(subset!.notReadyAddresses)).toEqual(['10.244.1.4']);
    expect(subset!.ports).toEqual([
      { name: 'http', port: 8080, protocol: 'TCP' },
      { name: 'metrics', port: 9100, protocol: 'TCP' },
    ]);
    expect(subset!.addresses![0]!.targetRef).toMatchObject({
      kind: 'Pod',
      name: 'web-1',
      namespace: 'default',
    });
    expect(ep.metadata?.labels).toEqual({ tier: 'front' });
  });

  it('moves a pod between the lists as its readiness changes', async () => {
    await setReady('web-3', true);
    await setReady('web-1', false);
    const ep = await eventually(
      get,
      (e) => ips(e?.subsets?.[0]?.notReadyAddresses)[0] === '10.244.1.2',
    );
    expect(ips(ep.subsets![0]!.addresses)).toEqual(['10.244.1.3', '10.244.1.4']);
    expect(ips(ep.subsets![0]!.notReadyAddresses)).toEqual(['10.244.1.2']);
  });

  it('puts a pod whose named port differs into its own subset', async () => {
    await addPod('web-alt', '10.244.2.7', true, 8081);
    const ep = await eventually(get, (e) => (e?.subsets?.length ?? 0) === 2);
    const alt = ep.subsets!.find((s) => ips(s.addresses).includes('10.244.2.7'));
    expect(alt?.ports?.find((p) => p.name === 'http')?.port).toBe(8081);
    expect(ips(alt?.addresses)).toEqual(['10.244.2.7']);
  });

  it('removes a deleted pod', async () => {
    await pods().delete('web-alt');
    await pods().delete('web-1');
    const ep = await eventually(
      get,
      (e) => e?.subsets?.length === 1 && !e.subsets[0]!.notReadyAddresses,
    );
    expect(ep.subsets).toHaveLength(1);
    expect(ips(ep.subsets![0]!.addresses)).toEqual(['10.244.1.3', '10.244.1.4']);
    expect(ep.subsets![0]!.notReadyAddresses).toBeUndefined();
  });

  it('does not rewrite an unchanged Endpoints', async () => {
    const before = (await get()).metadata?.resourceVersion;
    // A change the controller hears about (a selected pod's labels) but that moves no endpoint.
    await pods().patch('web-2', 'merge', { metadata: { labels: { app: 'web', build: '2' } } });
    await settle();
    expect((await get()).metadata?.resourceVersion).toBe(before);
  });

  it('leaves a Service without selector alone, and deletes Endpoints with their Service', async () => {
    await services().create({ metadata: { name: 'manual' }, spec: { ports: [{ port: 5432 }] } });
    await endpoints().create({
      metadata: { name: 'manual' },
      subsets: [{ addresses: [{ ip: '192.168.0.10' }], ports: [{ port: 5432 }] }],
    });
    await services().delete('web');
    await eventually(
      () => endpoints().list(),
      (l) => !l.items.some((e) => e.metadata?.name === 'web'),
    );
    const names = (await endpoints().list()).items.map((e) => e.metadata?.name);
    expect(names).not.toContain('web');
    expect(ips((await endpoints().get('manual')).subsets?.[0]?.addresses)).toEqual([
      '192.168.0.10',
    ]);
  });
});
