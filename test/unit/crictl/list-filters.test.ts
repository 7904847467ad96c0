/**
 * ps and pods selection over a runtime that filters as containerd does (exact ids, state, labels):
 * running only unless -a/--state/--latest, newest first, name/namespace regexps, pod id prefixes,
 * --last/--latest counts, and the state words crictl accepts.
 */
import { describe, expect, it } from 'vitest';
import type { CrictlClient } from '../../../src-cluster/crictl/client';
import { listContainers } from '../../../src-cluster/crictl/commands/ps';
import { listPods } from '../../../src-cluster/crictl/commands/pods';
import type { Image } from '../../../src-cluster/kubelet/cri/image-service';
import type {
  Container,
  ContainerFilter,
  PodSandbox,
  PodSandboxFilter,
} from '../../../src-cluster/kubelet/cri/runtime-service';
import { IMAGE_ID, NOW, POD_A, POD_B, SIDECAR, WEB, nanos } from './fixtures';

const NEWEST: Container = {
  ...WEB,
  id: 'c3d4e5f6a7b8c9d0e1f2a3b4',
  metadata: { name: 'web-init', attempt: 0 },
  state: 'CONTAINER_EXITED',
  createdAt: nanos(NOW - 1000),
};

const labelsMatch = (l: Record<string, string>, sel?: Record<string, string>) =>
  Object.entries(sel ?? {}).every(([k, v]) => l[k] === v);

/** Filters exactly as containerd's CRI does once ids are resolved. */
function fakeClient(containers: Container[], pods: PodSandbox[], images: Image[] = []) {
  const runtime = {
    async listContainers({ filter: f }: { filter?: ContainerFilter }) {
      return {
        containers: containers.filter(
          (c) =>
            (!f?.id || c.id === f.id) &&
            (!f?.podSandboxId || c.podSandboxId === f.podSandboxId) &&
            (!f?.state || c.state === f.state.state) &&
            labelsMatch(c.labels, f?.labelSelector),
        ),
      };
    },
    async listPodSandbox({ filter: f }: { filter?: PodSandboxFilter }) {
      return {
        items: pods.filter(
          (p) =>
            (!f?.id || p.id === f.id) &&
            (!f?.state || p.state === f.state.state) &&
            labelsMatch(p.labels, f?.labelSelector),
        ),
      };
    },
    async imageStatus({ image }: { image: { image: string } }) {
      return {
        image: images.find((i) => i.id === image.image || i.repoTags.includes(image.image)),
      };
    },
  };
  return { runtime } as unknown as CrictlClient;
}

const ids = (cs: { id: string }[]) => cs.map((c) => c.id.slice(0, 2));

describe('ps selection', () => {
  const client = fakeClient(
    [WEB, SIDECAR, NEWEST],
    [POD_A, POD_B],
    [{ id: IMAGE_ID, repoTags: ['localhost/kubelab/web:1'], repoDigests: [], size: '1' }],
  );

  it('running only by default; -a everything newest first; --state picks one', async () => {
    expect(ids(await listContainers(client, {}))).toEqual(['a1']);
    expect(ids(await listContainers(client, { all: true }))).toEqual(['c3', 'a1', 'b2']);
    expect(ids(await listContainers(client, { state: 'Exited' }))).toEqual(['c3', 'b2']);
    await expect(listContainers(client, { state: 'gone' })).rejects.toThrow(
      '--state should be one of created, running, exited or unknown',
    );
  });

  it('--latest and --last look at every state', async () => {
    expect(ids(await listContainers(client, { latest: true }))).toEqual(['c3']);
    expect(ids(await listContainers(client, { last: 2 }))).toEqual(['c3', 'a1']);
  });

  it('--name and --namespace are regular expressions; --pod takes a prefix', async () => {
    expect(ids(await listContainers(client, { all: true, name: '^web' }))).toEqual(['c3', 'a1']);
    expect(ids(await listContainers(client, { all: true, namespace: 'def' }))).toEqual([
      'c3',
      'a1',
    ]);
    expect(ids(await listContainers(client, { all: true, podId: 'fedc' }))).toEqual(['b2']);
    // An unknown pod id matches nothing, as containerd's filter does.
    expect(await listContainers(client, { all: true, podId: 'ffff' })).toEqual([]);
    await expect(listContainers(client, { name: '(' })).rejects.toThrow(
      'invalid regular expression "("',
    );
  });

  it('--image compares image ids, so a tag finds containers that name the digest', async () => {
    expect(
      ids(await listContainers(client, { all: true, image: 'localhost/kubelab/web:1' })),
    ).toEqual(['c3', 'a1']);
  });
});

describe('pods selection', () => {
  const client = fakeClient([], [POD_A, POD_B]);

  it('newest first, by state, name, namespace and id prefix', async () => {
    expect((await listPods(client, {})).map((p) => p.metadata.name)).toEqual([
      'web-7d9f',
      'coredns-5d78c9869d-x2x7q',
    ]);
    expect((await listPods(client, { state: 'notready' })).map((p) => p.id)).toEqual([POD_B.id]);
    expect((await listPods(client, { namespace: 'kube-' })).map((p) => p.id)).toEqual([POD_B.id]);
    expect((await listPods(client, { id: '0123' })).map((p) => p.id)).toEqual([POD_A.id]);
    await expect(listPods(client, { state: 'up' })).rejects.toThrow(
      '--state should be ready or notready',
    );
  });
});
