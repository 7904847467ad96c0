// kubectl acceptance: changing live objects — patch (strategic, merge, json), label, annotate,
// scale, rollout status (the test plays the Deployment controller by writing /status while kubectl
// watches) and edit (EDITOR is a script that rewrites the file kubectl hands it).
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver';
import {
  kubectlClients,
  restClient,
  runKubectl,
  startKubectl,
  type Rest,
  type RunOptions,
} from '../../support/kubectl';

const clients = kubectlClients();
let api: TestApiServer;
let rest: Rest;

beforeAll(async () => {
  api = await startTestApiServer();
  rest = restClient(api.httpUrl);
});
afterAll(async () => api?.stop());

function webDeployment(name: string) {
  return {
    metadata: { name, labels: { app: name } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1.19',
              env: [
                { name: 'MODE', value: 'blue' },
                { name: 'LOG_LEVEL', value: 'info' },
              ],
            },
            { name: 'sidecar', image: 'busybox' },
          ],
        },
      },
    },
  };
}

describe.each(clients)('$name', ({ bin, minor }) => {
  const ns = `mutate-${minor}`;
  const k = (args: string[], opts: Partial<RunOptions> = {}) =>
    runKubectl(bin, ['-n', ns, ...args], { kubeconfig: api.kubeconfigPath, ...opts });
  const path = `/apis/apps/v1/namespaces/${ns}/deployments/web`;
  const get = async () => (await rest('GET', path)).json;

  beforeAll(async () => {
    await rest('POST', '/api/v1/namespaces', { metadata: { name: ns } });
    const r = await rest(
      'POST',
      `/apis/apps/v1/namespaces/${ns}/deployments`,
      webDeployment('web'),
    );
    expect(r.status).toBe(201);
  });

  it('patch (strategic, the default) merges containers by name and keeps the others', async () => {
    const r = await k([
      'patch',
      'deployment',
      'web',
      '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.20","env":[{"name":"LOG_LEVEL","$patch":"delete"}]}]}}}}',
    ]);
    expect(r).toEqual({ code: 0, stdout: 'deployment.apps/web patched\n', stderr: '' });
    const d = await get();
    expect(d.spec.template.spec.containers.map((c: any) => [c.name, c.image])).toEqual([
      ['web', 'nginx:1.20'],
      ['sidecar', 'busybox'],
    ]);
    expect(d.spec.template.spec.containers[0].env).toEqual([{ name: 'MODE', value: 'blue' }]);
    expect(d.metadata.generation).toBe(2);
  });

  it('patch --type merge replaces lists and deletes keys set to null', async () => {
    const r = await k([
      'patch',
      'deployment',
      'web',
      '--type',
      'merge',
      '-p',
      '{"metadata":{"labels":{"tier":"front"}},"spec":{"template":{"spec":{"containers":[{"name":"only","image":"busybox"}]}}}}',
    ]);
    expect(r).toEqual({ code: 0, stdout: 'deployment.apps/web patched\n', stderr: '' });
    const d = await get();
    expect(d.metadata.labels).toEqual({ app: 'web', tier: 'front' });
    expect(d.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['only']);

    const r2 = await k([
      'patch',
      'deployment',
      'web',
      '--type=merge',
      '-p',
      '{"metadata":{"labels":{"tier":null}}}',
    ]);
    expect(r2.code).toBe(0);
    expect((await get()).metadata.labels).toEqual({ app: 'web' });
  });

  it('patch --type json applies RFC 6902 operations; a no-op says "(no change)"', async () => {
    const ops =
      '[{"op":"replace","path":"/spec/replicas","value":2},{"op":"add","path":"/metadata/annotations","value":{"owner":"team-a"}}]';
    let r = await k(['patch', 'deployment', 'web', '--type', 'json', '-p', ops]);
    expect(r).toEqual({ code: 0, stdout: 'deployment.apps/web patched\n', stderr: '' });
    const d = await get();
    expect(d.spec.replicas).toBe(2);
    expect(d.metadata.annotations).toEqual({ owner: 'team-a' });

    r = await k(['patch', 'deployment', 'web', '--type', 'json', '-p', ops]);
    expect(r).toEqual({ code: 0, stdout: 'deployment.apps/web patched (no change)\n', stderr: '' });
    expect((await get()).metadata.resourceVersion).toBe(d.metadata.resourceVersion);
  });

  it('patch --type json with a failing test op is an error and changes nothing', async () => {
    const before = (await get()).metadata.resourceVersion;
    const r = await k([
      'patch',
      'deployment',
      'web',
      '--type',
      'json',
      '-p',
      '[{"op":"test","path":"/spec/replicas","value":99},{"op":"replace","path":"/spec/replicas","value":7}]',
    ]);
    // Upstream answers a failed operation with a bare 422 Invalid (no kind, name or causes).
    // kubectl 1.20 prints only the reason for such a Status; 1.32 appends the message.
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr:
        minor === 20
          ? 'The request is invalid\n'
          : 'The request is invalid: the server rejected our request due to an error in our request\n',
    });
    expect((await get()).metadata.resourceVersion).toBe(before);
  });

  it('label: add, refuse to overwrite, --overwrite, remove with key-', async () => {
    let r = await k(['label', 'deployment', 'web', 'color=red']);
    expect(r).toEqual({ code: 0, stdout: 'deployment.apps/web labeled\n', stderr: '' });
    expect((await get()).metadata.labels).toEqual({ app: 'web', color: 'red' });

    r = await k(['label', 'deployment', 'web', 'color=blue']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("error: 'color' already has a value (red), and --overwrite is false\n");
    expect((await get()).metadata.labels.color).toBe('red');

    r = await k(['label', 'deployment', 'web', 'color=blue', '--overwrite']);
    expect(r).toEqual({ code: 0, stdout: 'deployment.apps/web labeled\n', stderr: '' });
    expect((await get()).metadata.labels.color).toBe('blue');

    r = await k(['label', 'deployment', 'web', 'color-']);
    // kubectl 1.20 says "labeled" for a removal too; later versions say "unlabeled".
    const verb = minor === 20 ? 'labeled' : 'unlabeled';
    expect(r).toEqual({ code: 0, stdout: `deployment.apps/web ${verb}\n`, stderr: '' });
    expect((await get()).metadata.labels).toEqual({ app: 'web' });
  });

  it('annotate: add and remove', async () => {
    let r = await k(['annotate', 'deployment', 'web', 'note=hello world']);
    expect(r).toEqual({ code: 0, stdout: 'deployment.apps/web annotated\n', stderr: '' });
    expect((await get()).metadata.annotations).toEqual({ owner: 'team-a', note: 'hello world' });
    r = await k(['annotate', 'deployment', 'web', 'note-']);
    expect(r).toEqual({ code: 0, stdout: 'deployment.apps/web annotated\n', stderr: '' });
    expect((await get()).metadata.annotations).toEqual({ owner: 'team-a' });
  });

  it('scale through the scale subresource', async () => {
    const r = await k(['scale', 'deployment', 'web', '--replicas=5']);
    expect(r).toEqual({ code: 0, stdout: 'deployment.apps/web scaled\n', stderr: '' });
    const d = await get();
    expect(d.spec.replicas).toBe(5);
    const scale = (await rest('GET', `${path}/scale`)).json;
    expect(scale).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 5 },
      status: { selector: 'app=web' },
    });
  });

  it('scale --current-replicas is a precondition', async () => {
    const r = await k(['scale', 'deployment', 'web', '--current-replicas=2', '--replicas=1']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'error: Expected replicas to be 2, was 5\n' });
    expect((await get()).spec.replicas).toBe(5);
  });

  it('rollout status follows the status the controller writes until the rollout is done', async () => {
    const status = startKubectl(bin, ['-n', ns, 'rollout', 'status', 'deployment/web'], {
      kubeconfig: api.kubeconfigPath,
    });
    await status.waitFor('Waiting for deployment spec update to be observed...\n');
    const generation = (await get()).metadata.generation;
    const writeStatus = async (s: Record<string, number>) => {
      const r = await rest(
        'PATCH',
        `${path}/status`,
        { status: { observedGeneration: generation, ...s } },
        'application/merge-patch+json',
      );
      expect(r.status).toBe(200);
    };
    await writeStatus({ replicas: 5, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    await status.waitFor('3 out of 5 new replicas have been updated...\n');
    await writeStatus({ replicas: 6, updatedReplicas: 5, readyReplicas: 5, availableReplicas: 5 });
    await status.waitFor('1 old replicas are pending termination...\n');
    await writeStatus({ replicas: 5, updatedReplicas: 5, readyReplicas: 4, availableReplicas: 4 });
    await status.waitFor('4 of 5 updated replicas are available...\n');
    await writeStatus({ replicas: 5, updatedReplicas: 5, readyReplicas: 5, availableReplicas: 5 });
    const r = await status.exited;
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'Waiting for deployment spec update to be observed...',
        'Waiting for deployment "web" rollout to finish: 3 out of 5 new replicas have been updated...',
        'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...',
        'Waiting for deployment "web" rollout to finish: 4 of 5 updated replicas are available...',
        'deployment "web" successfully rolled out',
        '',
      ].join('\n'),
    );
    // Once rolled out, a second call says so at once.
    const again = await k(['rollout', 'status', 'deployment/web']);
    expect(again).toEqual({
      code: 0,
      stdout: 'deployment "web" successfully rolled out\n',
      stderr: '',
    });
  });

  it('rollout status of a missing deployment is NotFound', async () => {
    const r = await k(['rollout', 'status', 'deployment/nope']);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n',
    });
  });

  it('edit through $EDITOR saves the change; an untouched edit is cancelled', async () => {
    await rest('POST', `/api/v1/namespaces/${ns}/configmaps`, {
      metadata: { name: 'settings' },
      data: { color: 'green' },
    });
    const editor = join(api.dir, `editor-${minor}.sh`);
    writeFileSync(editor, '#!/bin/sh\nsed -i "s/color: green/color: purple/" "$1"\n');
    chmodSync(editor, 0o755);
    let r = await k(['edit', 'configmap', 'settings'], { env: { EDITOR: editor } });
    expect(r).toEqual({ code: 0, stdout: 'configmap/settings edited\n', stderr: '' });
    const cm = (await rest('GET', `/api/v1/namespaces/${ns}/configmaps/settings`)).json;
    expect(cm.data).toEqual({ color: 'purple' });

    r = await k(['edit', 'configmap', 'settings'], { env: { EDITOR: editor } });
    expect(r).toEqual({ code: 0, stdout: '', stderr: 'Edit cancelled, no changes made.\n' });
  });

  it('edit of a deployment changes its spec and bumps the generation', async () => {
    const before = await get();
    const editor = join(api.dir, `editor-deploy-${minor}.sh`);
    writeFileSync(editor, '#!/bin/sh\nsed -i "s/image: busybox/image: busybox:1.36/" "$1"\n');
    chmodSync(editor, 0o755);
    const r = await k(['edit', 'deployment', 'web'], { env: { EDITOR: editor } });
    expect(r).toEqual({ code: 0, stdout: 'deployment.apps/web edited\n', stderr: '' });
    const after = await get();
    expect(after.spec.template.spec.containers[0].image).toBe('busybox:1.36');
    expect(after.metadata.generation).toBe(before.metadata.generation + 1);
  });
});
