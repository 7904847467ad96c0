// The three patch types through @kubernetes/client-node, as kubectl and controllers use them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AppsV1Api,
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  type V1Deployment,
} from '@kubernetes/client-node';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver';

let api: TestApiServer;
let apps: AppsV1Api;
let core: CoreV1Api;

beforeAll(async () => {
  api = await startTestApiServer();
  apps = api.kubeConfig().makeApiClient(AppsV1Api);
  core = api.kubeConfig().makeApiClient(CoreV1Api);
  const d: V1Deployment = {
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1.25',
              env: [
                { name: 'MODE', value: 'a' },
                { name: 'LOG_LEVEL', value: 'debug' },
              ],
              ports: [{ containerPort: 80 }],
            },
          ],
        },
      },
    },
  };
  await apps.createNamespacedDeployment({ namespace: 'default', body: d });
});
afterAll(async () => api?.stop());

const as = (strategy: string) => setHeaderOptions('Content-Type', strategy);

describe('PATCH', () => {
  it('applies a strategic merge patch by merge key, with $setElementOrder and $patch: delete', async () => {
    const out = await apps.patchNamespacedDeployment(
      {
        name: 'web',
        namespace: 'default',
        body: {
          spec: {
            template: {
              spec: {
                '$setElementOrder/containers': [{ name: 'web' }],
                containers: [
                  {
                    name: 'web',
                    '$setElementOrder/env': [{ name: 'MODE' }],
                    env: [
                      { name: 'MODE', value: 'b' },
                      { $patch: 'delete', name: 'LOG_LEVEL' },
                    ],
                  },
                ],
              },
            },
          },
        },
      },
      as(PatchStrategy.StrategicMergePatch),
    );
    const c = out.spec!.template.spec!.containers[0]!;
    expect(c.env).toEqual([{ name: 'MODE', value: 'b' }]);
    expect(c.image).toBe('nginx:1.25'); // untouched fields survive
    expect(c.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    expect(out.metadata?.generation).toBe(2);
    // Directives are consumed, never stored.
    expect(JSON.stringify(out)).not.toContain('$setElementOrder');
  });

  it('adds a list element and orders the list by $setElementOrder', async () => {
    const out = await apps.patchNamespacedDeployment(
      {
        name: 'web',
        namespace: 'default',
        body: {
          spec: {
            template: {
              spec: {
                containers: [
                  {
                    name: 'web',
                    '$setElementOrder/env': [{ name: 'EXTRA' }, { name: 'MODE' }],
                    env: [{ name: 'EXTRA', value: '1' }],
                  },
                ],
              },
            },
          },
        },
      },
      as(PatchStrategy.StrategicMergePatch),
    );
    expect(out.spec!.template.spec!.containers[0]!.env!.map((e) => e.name)).toEqual([
      'EXTRA',
      'MODE',
    ]);
  });

  it('applies a JSON merge patch (null deletes, lists replaced)', async () => {
    const out = await apps.patchNamespacedDeployment(
      {
        name: 'web',
        namespace: 'default',
        body: { metadata: { labels: { app: null, tier: 'front' } }, spec: { replicas: 5 } },
      },
      as(PatchStrategy.MergePatch),
    );
    expect(out.metadata?.labels).toEqual({ tier: 'front' });
    expect(out.spec?.replicas).toBe(5);
  });

  it('applies a JSON patch, and a failing test op changes nothing (422)', async () => {
    const out = await apps.patchNamespacedDeployment(
      {
        name: 'web',
        namespace: 'default',
        body: [
          { op: 'test', path: '/spec/replicas', value: 5 },
          { op: 'replace', path: '/spec/replicas', value: 2 },
          { op: 'add', path: '/metadata/annotations', value: { note: 'hi' } },
        ],
      },
      as(PatchStrategy.JsonPatch),
    );
    expect(out.spec?.replicas).toBe(2);
    expect(out.metadata?.annotations).toEqual({ note: 'hi' });
    const err = await apps
      .patchNamespacedDeployment(
        {
          name: 'web',
          namespace: 'default',
          body: [
            { op: 'test', path: '/spec/replicas', value: 99 },
            { op: 'replace', path: '/spec/replicas', value: 7 },
          ],
        },
        as(PatchStrategy.JsonPatch),
      )
      .then(
        () => null,
        (e: { code: number }) => e,
      );
    expect(err?.code).toBe(422);
    expect(
      (await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' })).spec?.replicas,
    ).toBe(2);
  });

  it('patches the status subresource without touching spec', async () => {
    const out = await apps.patchNamespacedDeploymentStatus(
      {
        name: 'web',
        namespace: 'default',
        body: { status: { replicas: 2, readyReplicas: 1 }, spec: { replicas: 9 } },
      },
      as(PatchStrategy.MergePatch),
    );
    expect(out.status?.readyReplicas).toBe(1);
    expect(out.spec?.replicas).toBe(2);
  });

  it('patches labels on a core object with a strategic merge patch', async () => {
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'c', labels: { a: '1', b: '2' } } },
    });
    const out = await core.patchNamespacedConfigMap(
      { name: 'c', namespace: 'default', body: { metadata: { labels: { a: null, c: '3' } } } },
      as(PatchStrategy.StrategicMergePatch),
    );
    expect(out.metadata?.labels).toEqual({ b: '2', c: '3' });
  });
});
