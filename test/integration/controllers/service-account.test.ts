// Every namespace gets a `default` ServiceAccount and the kube-root-ca.crt ConfigMap: the
// ServiceAccount controller and the root CA publisher, against a real API server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigMap, Namespace, ServiceAccount } from 'kubernetes-types/core/v1';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver';
import { ApiClient, HttpTransport, SharedInformerFactory } from '../../../src-cluster/client';
import { EventRecorder } from '../../../src-cluster/client/events/event-recorder';
import { RESOURCES } from '../../../src-cluster/api/resources';
import {
  DEFAULT_CONTROLLER_FLAGS,
  type ControllerContext,
} from '../../../src-cluster/controllers/framework/context';
import {
  createRootCACertPublisher,
  createServiceAccountController,
} from '../../../src-cluster/controllers/service-account';
import { realClock } from '../../../src-shared/util/clock';
import { nullTraceSink } from '../../../src-shared/trace';

const ref = (group: string, resource: string) =>
  RESOURCES.find((r) => r.group === group && r.resource === resource)!;
const CA =
  '-----BEGIN CERTIFICATE-----\nMIIBkTCB+wIJAKHBfpegPjMCMA0GCSqGSIb3DQEBCwUAMBExDzANBgNVBAMMBnRl\n-----END CERTIFICATE-----\n';

let api: TestApiServer;
let transport: HttpTransport;
let client: ApiClient;
const ac = new AbortController();
let runs: Promise<void>[] = [];

const namespaces = () => client.resource<Namespace>(ref('', 'namespaces'));
const accounts = (ns: string) =>
  client.resource<ServiceAccount>(ref('', 'serviceaccounts')).namespace(ns);
const configMaps = (ns: string) => client.resource<ConfigMap>(ref('', 'configmaps')).namespace(ns);

async function eventually<T>(
  fn: () => Promise<T | undefined>,
  ms = 10_000,
): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
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
  const controllers = [createServiceAccountController(ctx), createRootCACertPublisher(ctx, CA)];
  factory.start(ac.signal);
  await factory.waitForCacheSync(ac.signal);
  runs = controllers.map((c) => c.run(ac.signal, 1));
});

afterAll(async () => {
  ac.abort();
  await Promise.all(runs);
  transport?.close();
  await api?.stop();
});

describe('service account controller', () => {
  it('gives the namespaces that exist at start a default ServiceAccount', async () => {
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      expect((await eventually(() => accounts(ns).get('default')))?.metadata?.name).toBe('default');
    }
  });

  it('gives a new namespace a default ServiceAccount and the root CA ConfigMap', async () => {
    await namespaces().create({ metadata: { name: 'team-a' } });
    const sa = await eventually(() => accounts('team-a').get('default'));
    expect(sa?.metadata?.namespace).toBe('team-a');
    const cm = await eventually(() => configMaps('team-a').get('kube-root-ca.crt'));
    expect(cm?.data).toEqual({ 'ca.crt': CA });
  });

  it('re-creates a deleted default ServiceAccount and restores an edited CA', async () => {
    const old = await accounts('team-a').get('default');
    await accounts('team-a').delete('default');
    const again = await eventually(async () => {
      const sa = await accounts('team-a').get('default');
      return sa.metadata?.uid !== old.metadata?.uid ? sa : undefined;
    });
    expect(again?.metadata?.uid).not.toBe(old.metadata?.uid);

    const cm = await configMaps('team-a').get('kube-root-ca.crt');
    await configMaps('team-a').update({ ...cm, data: { 'ca.crt': 'tampered' } });
    const restored = await eventually(async () => {
      const c = await configMaps('team-a').get('kube-root-ca.crt');
      return c.data?.['ca.crt'] === CA ? c : undefined;
    });
    expect(restored?.data?.['ca.crt']).toBe(CA);
  });
});
