/**
 * What a machine needs before kubelab can make it a node (`kubelab up --host-node`): Linux, root
 * (CNI creates bridges and veths, runc creates cgroups, kube-proxy writes iptables), and the
 * Debian packages whose binaries the node runs. The check names every missing piece at once, with
 * the command that installs it, instead of failing later inside containerd or iptables.
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/** Binary → the Debian package that ships it. */
export const HOST_NODE_BINARIES: readonly [path: string, pkg: string][] = [
  ['/usr/bin/containerd', 'containerd'],
  ['/usr/bin/ctr', 'containerd'],
  ['/usr/sbin/runc', 'runc'],
  ['/usr/lib/cni/bridge', 'containernetworking-plugins'],
  ['/usr/lib/cni/host-local', 'containernetworking-plugins'],
  ['/usr/lib/cni/loopback', 'containernetworking-plugins'],
  ['/usr/lib/cni/portmap', 'containernetworking-plugins'],
  ['/usr/sbin/iptables', 'iptables'],
  ['/usr/sbin/iptables-restore', 'iptables'],
  ['/bin/ip', 'iproute2'],
  ['/bin/busybox', 'busybox-static'],
];

export class HostNodeUnavailableError extends Error {
  constructor(reason: string) {
    super(`this machine cannot be a kubelab node (--host-node): ${reason}`);
    this.name = 'HostNodeUnavailableError';
  }
}

export interface MachineFacts {
  platform: string;
  uid: number | undefined;
  exists(path: string): boolean;
  /** Whether /bin/busybox is statically linked (the images carry no libc). */
  busyboxStatic(): boolean;
}

const realMachine: MachineFacts = {
  platform: process.platform,
  uid: process.getuid?.(),
  exists: existsSync,
  busyboxStatic: () => spawnSync('ldd', ['/bin/busybox']).status !== 0,
};

/** Why this machine cannot be the host node (every reason, joined), or undefined when it can. */
export function hostNodeMissing(m: MachineFacts = realMachine): string | undefined {
  if (m.platform !== 'linux') {
    return `it needs Linux (containerd, CNI bridges, cgroups, iptables); this is ${m.platform}`;
  }
  const reasons: string[] = [];
  if (m.uid !== 0) reasons.push('it must run as root (CNI, cgroups and iptables need it)');
  const missing = [
    ...new Set(HOST_NODE_BINARIES.filter(([p]) => !m.exists(p)).map(([, pkg]) => pkg)),
  ];
  if (missing.length) reasons.push(`missing packages: apt-get install -y ${missing.join(' ')}`);
  else if (!m.busyboxStatic())
    reasons.push('/bin/busybox is dynamically linked: apt-get install -y busybox-static');
  return reasons.length ? reasons.join('; ') : undefined;
}

/** Throws HostNodeUnavailableError naming what is missing. */
export function assertHostNodePossible(m?: MachineFacts): void {
  const why = hostNodeMissing(m);
  if (why) throw new HostNodeUnavailableError(why);
}
