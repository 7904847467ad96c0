/**
 * The kubelet on the sim runtime (FakeClock) with a real API server: env from ConfigMaps and
 * Secrets reaches the container, a missing one holds it in CreateContainerConfigError (retried
 * until the object exists), and a missing configMap volume is a FailedMount until it appears.
 */
import type { ConfigMap, Event, Pod, Secret } from 'kubernetes-types/core/v1';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { RESOURCES } from '../../../src-cluster/api/resources';
import { LABELS } from '../../../src-cluster/kubelet/cri/runtime-service';
import { EVENTS, startEnv, type Env } from './harness';

const CONFIGMAPS = RESOURCES.find((r) => r.resource === 'configmaps')!;
const SECRETS = RESOURCES.find((r) => r.resource === 'secrets')!;

let env: Env;
beforeEach(async () => {
  env = await startEnv();
});
afterEach(async () => {
  await env?.stop();
});

const state = async (name: string) => (await env.pod(name)).status?.containerStatuses?.[0]?.state;

async function envOf(pod: Pod, container: string): Promise<string> {
  const { containers } = await env.runtime.listContainers({
    filter: {
      labelSelector: { [LABELS.podUid]: pod.metadata!.uid!, [LABELS.containerName]: container },
    },
  });
  const r = await env.runtime.execSync({
    containerId: containers[0]!.id,
    cmd: ['env'],
    timeout: 5,
  });
  return r.stdout.toString();
}

it('waits in CreateContainerConfigError for a missing Secret, then starts with its value', async () => {
  await env.client
    .resource<ConfigMap>(CONFIGMAPS)
    .namespace('default')
    .create({ metadata: { name: 'cfg' }, data: { LEVEL: 'debug' } });
  const created = await env.createPod({
    spec: {
      containers: [
        {
          name: 'web',
          image: 'nginx:1.27',
          envFrom: [{ configMapRef: { name: 'cfg' } }],
          env: [
            { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
            { name: 'MSG', value: 'level=$(LEVEL)' },
          ],
        },
      ],
    },
  });
  await env.until(
    async () => (await state('web'))?.waiting?.reason === 'CreateContainerConfigError',
  );
  expect((await state('web'))?.waiting?.message).toBe('secret "api" not found');
  const events = await env.client.resource<Event>(EVENTS).namespace('default').list();
  expect(
    events.items.some(
      (e) => e.reason === 'Failed' && e.message === 'Error: secret "api" not found',
    ),
  ).toBe(true);

  await env.client
    .resource<Secret>(SECRETS)
    .namespace('default')
    .create({ metadata: { name: 'api' }, data: { token: Buffer.from('t0k').toString('base64') } });
  await env.until(async () => !!(await state('web'))?.running);
  const out = await envOf(created, 'web');
  expect(out).toContain('TOKEN=t0k\n');
  expect(out).toContain('LEVEL=debug\n');
  expect(out).toContain('MSG=level=debug\n');
  // Service links: the API server's own Service, from the kubelet's Service informer.
  expect(out).toMatch(/^KUBERNETES_SERVICE_HOST=10\.96\.0\.1$/m);
  expect(out).toMatch(/^KUBERNETES_PORT_443_TCP=tcp:\/\/10\.96\.0\.1:443$/m);
});

it('reports FailedMount for a missing configMap volume and keeps the pod ContainerCreating', async () => {
  await env.createPod({
    spec: {
      volumes: [{ name: 'conf', configMap: { name: 'absent' } }],
      containers: [
        {
          name: 'web',
          image: 'nginx:1.27',
          volumeMounts: [{ name: 'conf', mountPath: '/etc/nginx/conf.d' }],
        },
      ],
    },
  });
  await env.until(async () => {
    const events = await env.client.resource<Event>(EVENTS).namespace('default').list();
    return events.items.some((e) => e.reason === 'FailedMount');
  });
  const events = await env.client.resource<Event>(EVENTS).namespace('default').list();
  expect(events.items.find((e) => e.reason === 'FailedMount')?.message).toBe(
    'MountVolume.SetUp failed for volume "conf" : configmap "absent" not found',
  );
  expect((await state('web'))?.waiting?.reason).toBe('ContainerCreating');
  expect((await env.runtime.listPodSandbox({})).items).toHaveLength(0);

  await env.client
    .resource<ConfigMap>(CONFIGMAPS)
    .namespace('default')
    .create({ metadata: { name: 'absent' }, data: { 'default.conf': 'server {}' } });
  await env.until(async () => !!(await state('web'))?.running);
});
