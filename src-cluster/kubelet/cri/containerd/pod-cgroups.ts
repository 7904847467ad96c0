/**
 * Pod-level cgroups under the cgroupfs driver (the node has no systemd as PID 1, so
 * `SystemdCgroup = false` and cgroup parents are plain paths). Every pod gets
 * `/kubelab-pods/pod<uid>`; runc creates and removes the per-container cgroups below it, but nobody
 * removes the pod directory itself — upstream's kubelet does it in its pod container manager, and so
 * do we, after RemovePodSandbox (vm-and-host.md, gotcha 3).
 */
import { readdirSync, rmdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export const PODS_CGROUP_ROOT = '/kubelab-pods';
const CGROUP_FS = '/sys/fs/cgroup';

export function podCgroupParent(uid: string, root = PODS_CGROUP_ROOT): string {
  return `${root}/pod${uid}`;
}

/** Every directory a cgroupfs path occupies: one per v1 hierarchy, plus cgroup2 (hybrid or pure). */
export function cgroupDirs(path: string, fsRoot = CGROUP_FS): string[] {
  if (!existsSync(fsRoot)) return [];
  const rel = path.replace(/^\/+/, '');
  const dirs: string[] = [];
  // Pure cgroup2: the path sits right under the mount.
  if (existsSync(join(fsRoot, 'cgroup.controllers'))) dirs.push(join(fsRoot, rel));
  for (const e of readdirSync(fsRoot, { withFileTypes: true })) {
    // Skip the comounted aliases (cpu → cpu,cpuacct): they are symlinks to the same hierarchy.
    if (e.isDirectory()) dirs.push(join(fsRoot, e.name, rel));
  }
  return dirs.filter((d) => existsSync(d));
}

/**
 * Removes a cgroup directory in every hierarchy, children first. rmdir on a cgroup only succeeds once
 * it holds no processes; a busy one is left and reported so the caller can log it, not fail on it.
 */
export function removeCgroup(path: string, fsRoot = CGROUP_FS): string[] {
  const busy: string[] = [];
  const rm = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }))
      if (e.isDirectory()) rm(join(dir, e.name));
    try {
      rmdirSync(dir);
    } catch {
      busy.push(dir);
    }
  };
  for (const d of cgroupDirs(path, fsRoot)) rm(d);
  return busy;
}
