/** Fixed CRI objects for the crictl formatting tests (times relative to NOW). */
import type { Image } from '../../../src-cluster/kubelet/cri/image-service';
import type { Container, PodSandbox } from '../../../src-cluster/kubelet/cri/runtime-service';

export const NOW = 1_700_000_000_000;
export const nanos = (ms: number) => (BigInt(ms) * 1_000_000n).toString();
export const IMAGE_ID = 'sha256:' + 'f00d'.repeat(16);

export const WEB: Container = {
  id: 'a1b2c3d4e5f6a7b8c9d0e1f2',
  podSandboxId: '0123456789abcdef01234567',
  metadata: { name: 'web', attempt: 0 },
  image: { image: IMAGE_ID, annotations: {} },
  imageRef: IMAGE_ID,
  state: 'CONTAINER_RUNNING',
  createdAt: nanos(NOW - 90_000),
  labels: { 'io.kubernetes.pod.name': 'web-7d9f', 'io.kubernetes.pod.namespace': 'default' },
  annotations: {},
};

export const SIDECAR: Container = {
  id: 'b2c3d4e5f6a7b8c9d0e1f2a3',
  podSandboxId: 'fedcba9876543210fedcba98',
  metadata: { name: 'sidecar-with-a-long-name', attempt: 2 },
  image: { image: 'localhost/kubelab/shell:1', annotations: {} },
  imageRef: 'x',
  state: 'CONTAINER_EXITED',
  createdAt: nanos(NOW - 3 * 3_600_000),
  labels: {},
  annotations: {},
};

export const POD_A: PodSandbox = {
  id: '0123456789abcdef01234567',
  metadata: { name: 'web-7d9f', uid: 'u1', namespace: 'default', attempt: 0 },
  state: 'SANDBOX_READY',
  createdAt: nanos(NOW - 5 * 60_000),
  labels: {},
  annotations: {},
};

export const POD_B: PodSandbox & { runtimeHandler: string } = {
  id: 'fedcba9876543210fedcba98',
  metadata: { name: 'coredns-5d78c9869d-x2x7q', uid: 'u2', namespace: 'kube-system', attempt: 1 },
  state: 'SANDBOX_NOTREADY',
  createdAt: nanos(NOW - 26 * 3_600_000),
  labels: {},
  annotations: {},
  runtimeHandler: 'runc',
};

export const IMAGES: Image[] = [
  {
    id: 'sha256:' + 'ab12'.repeat(16),
    repoTags: ['localhost/kubelab/web:1', 'localhost/kubelab/web:latest'],
    repoDigests: ['localhost/kubelab/web@sha256:' + 'cd34'.repeat(16)],
    size: '1234567',
  },
  {
    id: 'sha256:' + '9f9f'.repeat(16),
    repoTags: [],
    repoDigests: ['registry.k8s.io/pause@sha256:' + 'ee55'.repeat(16)],
    size: '999999',
    pinned: true,
  },
];
