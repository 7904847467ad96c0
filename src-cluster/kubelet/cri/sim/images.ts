/**
 * The sim runtime's "registry": the images it knows how to pull, what they run by default and how
 * long a pull takes. No registry is reachable from a lab, so anything outside this catalogue fails
 * the way containerd reports a missing repository.
 */

export interface CatalogueImage {
  /** Fully qualified repository, no tag ("docker.io/library/nginx"). */
  repo: string;
  /** Which tags exist. */
  tags: RegExp;
  sizeBytes: number;
  /** Simulated pull duration (clock time). */
  pullMs: number;
  entrypoint: string[];
  cmd: string[];
}

const NUMERIC = /^(latest|stable|alpine|\d+(\.\d+)*(-[a-z0-9.]+)?)$/;

export const CATALOGUE: CatalogueImage[] = [
  {
    repo: 'docker.io/library/nginx',
    tags: NUMERIC,
    sizeBytes: 72_000_000,
    pullMs: 1500,
    entrypoint: [],
    cmd: ['nginx', '-g', 'daemon off;'],
  },
  {
    repo: 'docker.io/library/httpd',
    tags: NUMERIC,
    sizeBytes: 58_000_000,
    pullMs: 1200,
    entrypoint: [],
    cmd: ['httpd-foreground'],
  },
  {
    repo: 'docker.io/library/busybox',
    tags: NUMERIC,
    sizeBytes: 2_200_000,
    pullMs: 300,
    entrypoint: [],
    cmd: ['sh'],
  },
  {
    repo: 'docker.io/library/alpine',
    tags: NUMERIC,
    sizeBytes: 3_600_000,
    pullMs: 400,
    entrypoint: [],
    cmd: ['/bin/sh'],
  },
  {
    repo: 'docker.io/library/redis',
    tags: NUMERIC,
    sizeBytes: 45_000_000,
    pullMs: 1000,
    entrypoint: [],
    cmd: ['redis-server'],
  },
  {
    repo: 'registry.k8s.io/pause',
    tags: /^(latest|3\.\d+)$/,
    sizeBytes: 320_000,
    pullMs: 200,
    entrypoint: ['/pause'],
    cmd: [],
  },
  {
    repo: 'registry.k8s.io/e2e-test-images/agnhost',
    tags: /^(latest|2\.\d+)$/,
    sizeBytes: 51_000_000,
    pullMs: 1100,
    entrypoint: ['/agnhost'],
    cmd: ['pause'],
  },
  {
    repo: 'docker.io/polinux/stress',
    tags: NUMERIC,
    sizeBytes: 4_000_000,
    pullMs: 400,
    entrypoint: [],
    cmd: ['stress', '--vm', '1', '--vm-bytes', '64M'],
  },
  // The node image's local images (built from Debian's busybox-static).
  {
    repo: 'localhost/kubelab/web',
    tags: /.*/,
    sizeBytes: 1_900_000,
    pullMs: 100,
    entrypoint: [],
    cmd: ['httpd', '-f', '-p', '80'],
  },
  {
    repo: 'localhost/kubelab/shell',
    tags: /.*/,
    sizeBytes: 1_900_000,
    pullMs: 100,
    entrypoint: [],
    cmd: ['sh'],
  },
];

/** The pause image every sandbox runs (preloaded on every node). */
export const PAUSE_IMAGE = 'registry.k8s.io/pause:3.10';

export interface ImageName {
  repo: string;
  tag: string;
  /** repo:tag */
  full: string;
}

/**
 * Normalises a reference the way containerd does: "nginx" → docker.io/library/nginx:latest,
 * "me/app:1" → docker.io/me/app:1, hosts (a first component with "." or ":" or "localhost") kept.
 */
export function parseImageName(ref: string): ImageName {
  const noDigest = ref.split('@')[0]!;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  let name = noDigest;
  let tag = 'latest';
  if (colon > slash) {
    name = noDigest.slice(0, colon);
    tag = noDigest.slice(colon + 1);
  }
  const parts = name.split('/');
  const first = parts[0]!;
  const hasHost =
    parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasHost) name = parts.length === 1 ? `docker.io/library/${name}` : `docker.io/${name}`;
  return { repo: name, tag, full: `${name}:${tag}` };
}

/** The catalogue entry for a reference, if it exists (repository and tag). */
export function lookupImage(ref: string): CatalogueImage | undefined {
  const n = parseImageName(ref);
  const img = CATALOGUE.find((i) => i.repo === n.repo);
  return img && img.tags.test(n.tag) ? img : undefined;
}

/** A stable fake digest for an image name. */
export function imageDigest(full: string): string {
  let h = 0x811c9dc5;
  for (const ch of full) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return 'sha256:' + h.toString(16).padStart(8, '0').repeat(8);
}
