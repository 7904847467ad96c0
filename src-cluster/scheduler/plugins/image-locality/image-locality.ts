/**
 * ImageLocality: prefers nodes that already hold the pod's images (node.status.images), so the
 * pod starts without a pull. Each image's size is scaled by the fraction of nodes that have it,
 * so an image present everywhere does not make one node look special. The sum is clamped to
 * [23 MiB, 1000 MiB × containers] and mapped linearly onto 0–100.
 */
import { MAX_NODE_SCORE, type Handle, type ScorePlugin } from '../../framework/interface';
import type { NodeInfo } from '../../framework/node-info';

export const IMAGE_LOCALITY = 'ImageLocality';
const MB = 1024 * 1024;
const MIN_THRESHOLD = 23 * MB;
const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** Image references as nodes report them: "nginx" is reported as "nginx:latest" too. */
export function normalizedImageName(name: string): string {
  const lastSlash = name.lastIndexOf('/');
  const tail = name.slice(lastSlash + 1);
  if (!tail.includes(':') && !tail.includes('@')) return `${name}:latest`;
  return name;
}

/** image name → size on this node. */
export function nodeImages(node: NodeInfo): Map<string, number> {
  const out = new Map<string, number>();
  for (const img of node.node.status?.images ?? []) {
    for (const n of img.names ?? []) out.set(normalizedImageName(n), img.sizeBytes ?? 0);
  }
  return out;
}

export class ImageLocality implements ScorePlugin {
  readonly name = IMAGE_LOCALITY;

  constructor(private readonly handle: Handle) {}

  score: ScorePlugin['score'] = (_state, pod, node) => {
    if (!node.node.status?.images?.length) return 0;
    const total = this.handle.snapshot.list().length;
    const images = nodeImages(node);
    const containers = [
      ...(pod.pod.spec?.initContainers ?? []),
      ...(pod.pod.spec?.containers ?? []),
    ];
    let sum = 0;
    for (const c of containers) {
      const name = normalizedImageName(c.image ?? '');
      const size = images.get(name);
      if (size === undefined) continue;
      sum += Math.trunc((size * this.handle.snapshot.imageNodeCount(name)) / Math.max(1, total));
    }
    const max = MAX_CONTAINER_THRESHOLD * Math.max(1, pod.pod.spec?.containers?.length ?? 0);
    const clamped = Math.min(Math.max(sum, MIN_THRESHOLD), max);
    return Math.trunc((MAX_NODE_SCORE * (clamped - MIN_THRESHOLD)) / (max - MIN_THRESHOLD));
  };
}
