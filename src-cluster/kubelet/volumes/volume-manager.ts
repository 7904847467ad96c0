/**
 * Pod volumes on the node, laid out as upstream's kubelet does:
 *
 *   <rootDir>/pods/<uid>/volumes/kubernetes.io~empty-dir/<name>     emptyDir
 *   <rootDir>/pods/<uid>/volumes/kubernetes.io~configmap/<name>     configMap (atomic writer)
 *   <rootDir>/pods/<uid>/volumes/kubernetes.io~secret/<name>        secret
 *   <rootDir>/pods/<uid>/volumes/kubernetes.io~downward-api/<name>  downwardAPI
 *   <rootDir>/pods/<uid>/volumes/kubernetes.io~projected/<name>     projected
 *   hostPath volumes are the host path itself, after the `type` check.
 *
 * setUp() runs on every sync before the sandbox and containers: it is idempotent, and rewrites
 * API-data volumes whose objects changed (the periodic resync delivers configMap/secret updates).
 * tearDown() removes `<rootDir>/pods/<uid>` once the pod is gone, so a deleted pod leaves nothing.
 *
 * emptyDir with medium Memory is a plain directory too: a tmpfs would need a mount (and a reliable
 * unmount on every path out, including a killed kubelet) in the host's mount table, which kubelab
 * shares with the desktop app; the contents and the sharing between containers are the same.
 * Secrets are likewise plain files (upstream puts them on tmpfs so they never reach the disk).
 *
 * With rootDir '' (the sim runtime) sources are still fetched and checked — a missing ConfigMap is a
 * FailedMount either way — but nothing is written and the paths are only names.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Pod, Volume } from 'kubernetes-types/core/v1';
import type { ConfigSources } from '../config-sources';
import type { RuntimeFacts } from '../field-path';
import { writeAtomically } from './atomic-writer';
import { checkHostPath } from './host-path';
import { volumeFiles } from './projection';

/** The plugin directory names upstream uses (`<vendor>~<plugin>`). */
export const PLUGIN_DIRS = {
  emptyDir: 'kubernetes.io~empty-dir',
  configMap: 'kubernetes.io~configmap',
  secret: 'kubernetes.io~secret',
  downwardAPI: 'kubernetes.io~downward-api',
  projected: 'kubernetes.io~projected',
} as const;

/** Where paths would live when nothing is written (sim): only used as names. */
const VIRTUAL_ROOT = '/var/lib/kubelet';

export class VolumeError extends Error {
  constructor(
    readonly volume: string,
    cause: string,
  ) {
    super(`MountVolume.SetUp failed for volume "${volume}" : ${cause}`);
  }
}

export interface PodVolume {
  hostPath: string;
  /** API-data volumes are always mounted read-only (upstream's ReadOnlyAPIDataVolumes). */
  readOnly: boolean;
}

function pluginOf(v: Volume): keyof typeof PLUGIN_DIRS | 'hostPath' | undefined {
  if (v.emptyDir) return 'emptyDir';
  if (v.hostPath) return 'hostPath';
  if (v.configMap) return 'configMap';
  if (v.secret) return 'secret';
  if (v.downwardAPI) return 'downwardAPI';
  if (v.projected) return 'projected';
  return undefined;
}

export class VolumeManager {
  constructor(private readonly rootDir: string) {}

  get materialized(): boolean {
    return this.rootDir !== '';
  }

  podDir(uid: string): string {
    return join(this.rootDir || VIRTUAL_ROOT, 'pods', uid);
  }

  /** Prepares every volume of the pod; name → what to mount. Throws VolumeError. */
  async setUp(
    pod: Pod,
    sources: ConfigSources,
    facts: RuntimeFacts,
  ): Promise<Map<string, PodVolume>> {
    const uid = pod.metadata!.uid!;
    const out = new Map<string, PodVolume>();
    for (const v of pod.spec?.volumes ?? []) {
      const plugin = pluginOf(v);
      try {
        if (!plugin) {
          const kind = Object.keys(v).find((k) => k !== 'name') ?? 'unknown';
          throw new Error(`volume type ${kind} is not supported by kubelab`);
        }
        if (plugin === 'hostPath') {
          if (this.materialized) checkHostPath(v.hostPath!.path, v.hostPath!.type);
          out.set(v.name, { hostPath: v.hostPath!.path, readOnly: false });
          continue;
        }
        const dir = join(this.podDir(uid), 'volumes', PLUGIN_DIRS[plugin], v.name);
        if (plugin === 'emptyDir') {
          if (this.materialized) mkdirSync(dir, { recursive: true, mode: 0o777 });
          out.set(v.name, { hostPath: dir, readOnly: false });
          continue;
        }
        const files = (await volumeFiles(v, pod, sources, facts))!;
        if (this.materialized) writeAtomically(dir, files);
        out.set(v.name, { hostPath: dir, readOnly: true });
      } catch (e) {
        throw new VolumeError(v.name, (e as Error).message);
      }
    }
    return out;
  }

  /** Removes everything the pod had on the node's disk. */
  tearDown(uid: string): void {
    if (this.materialized) rmSync(this.podDir(uid), { recursive: true, force: true });
  }

  /** Pod uids that still have a directory (to find orphans after a restart). */
  podsOnDisk(): string[] {
    const dir = join(this.rootDir, 'pods');
    if (!this.materialized || !existsSync(dir)) return [];
    return readdirSync(dir);
  }
}
