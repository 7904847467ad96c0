/**
 * A container's volumeMounts as CRI mounts: the pod volume's host path (plus `subPath`, or
 * `subPathExpr` expanded with the container's environment) at `mountPath`, read-only when the mount
 * says so or the volume is API data, with the requested propagation. A subPath may not leave its
 * volume — neither by `..` nor through a symlink inside it — and is created as a directory when
 * missing, as upstream does.
 */
import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { isAbsolute, join, sep } from 'node:path';
import type { Container } from 'kubernetes-types/core/v1';
import type { KeyValue, Mount } from '../cri/runtime-service';
import { expand } from '../expansion';
import type { PodVolume } from './volume-manager';

const PROPAGATION: Record<string, Mount['propagation']> = {
  None: 'PROPAGATION_PRIVATE',
  HostToContainer: 'PROPAGATION_HOST_TO_CONTAINER',
  Bidirectional: 'PROPAGATION_BIDIRECTIONAL',
};

function subPathOf(root: string, sub: string, materialized: boolean): string {
  if (isAbsolute(sub) || sub.split('/').includes('..'))
    throw new Error(`subPath ${JSON.stringify(sub)} must be a relative path without '..'`);
  const path = join(root, sub);
  if (!materialized) return path;
  if (!existsSync(path)) mkdirSync(path, { recursive: true, mode: 0o755 });
  const real = realpathSync(path);
  const base = realpathSync(root);
  if (real !== base && !real.startsWith(base + sep))
    throw new Error(`subpath ${JSON.stringify(sub)} escapes the volume through a symlink`);
  return path;
}

export function containerMounts(
  c: Container,
  volumes: Map<string, PodVolume>,
  envs: KeyValue[],
  materialized: boolean,
): Mount[] {
  const env = new Map(envs.map((e) => [e.key, e.value]));
  return (c.volumeMounts ?? []).map((m) => {
    const v = volumes.get(m.name);
    if (!v) throw new Error(`cannot find volume "${m.name}" to mount into container "${c.name}"`);
    const sub = m.subPathExpr ? expand(m.subPathExpr, (n) => env.get(n)) : m.subPath;
    return {
      containerPath: m.mountPath,
      hostPath: sub ? subPathOf(v.hostPath, sub, materialized) : v.hostPath,
      readonly: !!m.readOnly || v.readOnly,
      propagation: PROPAGATION[m.mountPropagation ?? 'None'] ?? 'PROPAGATION_PRIVATE',
    };
  });
}
