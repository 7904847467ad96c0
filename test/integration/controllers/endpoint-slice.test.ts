// EndpointSlices follow a Service's pods: the EndpointSlice controller, against a real API server,
// writes one labelled, Service-owned slice with per-endpoint ready/serving/terminating conditions
// and resolved ports, updates it in place as pods change, and removes it with the Service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver';
import { ApiClient, HttpTransport, SharedInformerFactory } from '../../../src-cluster/client';
import { EventRecorder } from '../../../src-cluster/client/events/event-recorder';
import { RESOURCES } from '../../../src-cluster/api/resources';
import {
  DEFAULT_CONTROLLER_FLAGS,
  type ControllerContext,
} from '../../../src-cluster/controllers/framework/context';
import { createEndpointSliceController } from '../../../src-cluster/controllers/endpoint-slice';
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
const slices = () =>
  client.resource<EndpointSlice>(ref('discovery.k8s.io', 'endpointslices')).namespace('default');
const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await settle(50);
  }
}

const webSlices = async () =>
  (await slices().list({ labelSelector: 'kubernetes.io/service-name=web' })).items;
const ips = (s: EndpointSlice | undefined) => (s?.endpoints ?? []).map((e) => e.addresses[0]);

async function addPod(name: string, ip: string, ready: boolean) {
  const pod = await pods().create({
    metadata: { name, labels: { app: 'web' } },
    spec: {
      nodeName: 'node-1',
      containers: [{ name: 'c', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }],
    },
  });
  await pods().updateStatus({
    ...pod,
    status: {
      phase: 'Running',
      podIP: ip,
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
  });
}

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
  const controller = createEndpointSliceController(ctx);
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

describe('endpointslice controller', () => {
  it('writes one labelled, Service-owned slice with ready and not-ready endpoints', async () => {
    await addPod('web-1', '10.244.1.2', true);
    await addPod('web-2', '10.244.1.3', true);
    await addPod('web-3', '10.244.1.4', false);
    const svc = await services().create({
      metadata: { name: 'web' },
      spec: {
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 'http' }],
      },
    });
    const [slice, ...more] = await eventually(webSlices, (s) => ips(s[0]).length === 3);
    expect(more).toEqual([]);
    expect(slice!.metadata?.name).toMatch(/^web-/);
    expect(slice!.metadata?.labels).toMatchObject({
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
    expect(slice!.metadata?.ownerReferences?.[0]).toMatchObject({
      kind: 'Service',
      name: 'web',
      uid: svc.metadata?.uid,
      controller: true,
    });
    expect(slice!.addressType).toBe('IPv4');
    expect(slice!.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(ips(slice)).toEqual(['10.244.1.2', '10.244.1.3', '10.244.1.4']);
    expect(slice!.endpoints.map((e) => e.conditions)).toEqual([
      { ready: true, serving: true, terminating: false },
      { ready: true, serving: true, terminating: false },
      { ready: false, serving: false, terminating: false },
    ]);
    expect(slice!.endpoints[0]).toMatchObject({
      nodeName: 'node-1',
      targetRef: { kind: 'Pod', name: 'web-1', namespace: 'default' },
    });
  });

  it('keeps a terminating pod listed, not ready, until it is gone', async () => {
    // The pod is bound and running, so deletion is graceful: it stays Terminating.
    await pods().delete('web-1');
    const [slice] = await eventually(
      webSlices,
      (s) => !!s[0]?.endpoints[0]?.conditions?.terminating,
    );
    expect(slice!.endpoints[0]).toMatchObject({
      addresses: ['10.244.1.2'],
      conditions: { ready: false, serving: true, terminating: true },
    });
  });

  it('removes a deleted pod, updating the same slice in place', async () => {
    const before = (await webSlices())[0]!.metadata!.name;
    await pods().delete('web-2', { gracePeriodSeconds: 0 });
    await pods().delete('web-1', { gracePeriodSeconds: 0 });
    const after = await eventually(webSlices, (s) => ips(s[0]).length === 1);
    expect(after).toHaveLength(1);
    expect(after[0]!.metadata!.name).toBe(before);
    expect(ips(after[0])).toEqual(['10.244.1.4']);
  });

  it('deletes its slices when the Service goes', async () => {
    await services().delete('web');
    const left = await eventually(webSlices, (s) => s.length === 0);
    expect(left).toEqual([]);
  });
});
