/**
 * The host node's containerd configuration, rendered from its paths (all under
 * `<dataDir>/host-node/`): a config.toml with the settings this kind of machine needs
 * (vm-and-host.md Part A) and the CNI conflist for the node's pod CIDR.
 *
 * Why each setting:
 * - own root/state/sockets: kubelab's containerd never touches a system containerd or its images;
 * - `sandbox_image` = our local pause image: registry.k8s.io/pause cannot be pulled offline;
 * - `restrict_oom_score_adj`: root without CAP_SYS_RESOURCE cannot lower oom_score_adj, and the
 *   default makes every RunPodSandbox fail with a misleading runc error;
 * - `SystemdCgroup = false`: plain cgroupfs paths (PID 1 is not always systemd);
 * - `netns_mounts_under_state_dir`: pod network namespaces live under our state dir, so teardown
 *   can see (and remove) exactly ours;
 * - CNI bridge + host-local + portmap + loopback, IPAM state under our dir, no ipMasq (kube-proxy
 *   and the node agent own NAT and routes).
 */

export interface ContainerdPaths {
  /** `<dataDir>/host-node` */
  dir: string;
  socket: string;
  root: string;
  state: string;
  runcRoot: string;
  cniConfDir: string;
  cniIpamDir: string;
}

export const PAUSE_IMAGE = 'localhost/kubelab/pause:1';
export const LOCAL_IMAGES = ['pause', 'web', 'shell'] as const;

export function containerdPaths(dir: string): ContainerdPaths {
  return {
    dir,
    socket: `${dir}/containerd.sock`,
    root: `${dir}/root`,
    state: `${dir}/state`,
    runcRoot: `${dir}/runc`,
    cniConfDir: `${dir}/cni/net.d`,
    cniIpamDir: `${dir}/cni/ipam`,
  };
}

export function containerdConfigToml(p: ContainerdPaths): string {
  return `version = 2
root = "${p.root}"
state = "${p.state}"

[grpc]
  address = "${p.socket}"

[ttrpc]
  address = "${p.socket}.ttrpc"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${PAUSE_IMAGE}"
  restrict_oom_score_adj = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  netns_mounts_under_state_dir = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "${p.runcRoot}"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "${p.cniConfDir}"
    max_conf_num = 1
`;
}

export class PodCidrError extends Error {}

/** "10.244.3.0/24" → its first host address, the bridge's (and the pods' gateway). */
export function gatewayOf(podCIDR: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(podCIDR);
  if (!m || Number(m[5]) > 30 || m.slice(1, 5).some((o) => Number(o) > 255)) {
    throw new PodCidrError(`pod CIDR "${podCIDR}" is not an IPv4 network of /30 or larger`);
  }
  const n =
    ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
  const g = ((n & ~((1 << (32 - Number(m[5]))) - 1)) + 1) >>> 0;
  return [g >>> 24, (g >>> 16) & 255, (g >>> 8) & 255, g & 255].join('.');
}

export function cniConflist(opts: { bridge: string; podCIDR: string; ipamDir: string }): string {
  return JSON.stringify(
    {
      cniVersion: '1.0.0',
      name: 'kubelab',
      plugins: [
        {
          type: 'bridge',
          bridge: opts.bridge,
          isGateway: true,
          ipMasq: false,
          hairpinMode: true,
          ipam: {
            type: 'host-local',
            dataDir: opts.ipamDir,
            ranges: [[{ subnet: opts.podCIDR, gateway: gatewayOf(opts.podCIDR) }]],
            routes: [{ dst: '0.0.0.0/0' }],
          },
        },
        { type: 'portmap', capabilities: { portMappings: true } },
        { type: 'loopback' },
      ],
    },
    null,
    2,
  );
}
