/**
 * A private containerd for tests: startContainerd({ podCIDR }) writes a config.toml (as in
 * vm-and-host.md Part A: cgroupfs, restrict_oom_score_adj, local sandbox image, CNI bridge +
 * host-local + portmap + loopback) with its own root/state/socket under a temp dir, starts
 * /usr/bin/containerd, builds the OCI images with vm-images/oci/build.sh and imports them.
 *
 * stop() removes every pod through CRI first (killing containerd leaves the shims running — gotcha
 * 9), then stops containerd and cleans what CNI left on the host (the bridge, ip_forward, the
 * pod-level cgroup root). Needs root and the apt packages containerd, runc,
 * containernetworking-plugins, iptables and busybox-static; a missing one fails with its name.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ContainerdRuntime } from '../../src-cluster/kubelet/cri/containerd/containerd-runtime';
import { PODS_CGROUP_ROOT, cgroupDirs } from '../../src-cluster/kubelet/cri/containerd/pod-cgroups';

export const IMAGES = {
  pause: 'localhost/kubelab/pause:1',
  web: 'localhost/kubelab/web:1',
  shell: 'localhost/kubelab/shell:1',
} as const;

export interface TestContainerd {
  /** containerd's gRPC socket path. */
  socket: string;
  dir: string;
  podCIDR: string;
  /** Linux bridge the pods hang off (also their gateway). */
  bridge: string;
  /** A CRI client on the socket (closed by stop()). */
  runtime: ContainerdRuntime;
  /** containerd's log so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

const REQUIREMENTS: [path: string, pkg: string][] = [
  ['/usr/bin/containerd', 'containerd'],
  ['/usr/bin/ctr', 'containerd'],
  ['/usr/sbin/runc', 'runc'],
  ['/usr/lib/cni/bridge', 'containernetworking-plugins'],
  ['/usr/sbin/iptables', 'iptables'],
  ['/bin/busybox', 'busybox-static'],
];

/** Why this machine cannot run the containerd tests, or undefined when it can. */
export function containerdMissing(): string | undefined {
  if (process.getuid?.() !== 0) return 'containerd tests need root (CNI and cgroups)';
  const missing = [...new Set(REQUIREMENTS.filter(([p]) => !existsSync(p)).map(([, pkg]) => pkg))];
  if (missing.length) return `missing apt package(s): apt-get install -y ${missing.join(' ')}`;
  if (spawnSync('ldd', ['/bin/busybox']).status === 0)
    return '/bin/busybox is dynamically linked: apt-get install -y busybox-static';
  return undefined;
}

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const p of live) p.kill('SIGKILL');
});

function configToml(dir: string): string {
  return `version = 2
root = "${dir}/root"
state = "${dir}/state"

[grpc]
  address = "${dir}/containerd.sock"

[ttrpc]
  address = "${dir}/containerd.sock.ttrpc"

[plugins."io.containerd.grpc.v1.cri"]
  # registry.k8s.io/pause cannot be pulled offline: the sandbox runs our local pause image.
  sandbox_image = "${IMAGES.pause}"
  # root lacks CAP_SYS_RESOURCE here; lowering oom_score_adj would fail every RunPodSandbox.
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
        # PID 1 is not systemd: plain cgroupfs paths.
        SystemdCgroup = false
        Root = "${dir}/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "${dir}/cni/net.d"
    max_conf_num = 1
`;
}

function conflist(dir: string, bridge: string, podCIDR: string): string {
  const [net] = podCIDR.split('/');
  const gateway = net!.replace(/\.\d+$/, '.1');
  return JSON.stringify(
    {
      cniVersion: '1.0.0',
      name: 'kubelab-test',
      plugins: [
        {
          type: 'bridge',
          bridge,
          isGateway: true,
          ipMasq: false,
          hairpinMode: true,
          ipam: {
            type: 'host-local',
            dataDir: `${dir}/cni/ipam`,
            ranges: [[{ subnet: podCIDR, gateway }]],
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

function rmdirSilently(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // Still in use: left for whoever uses it.
  }
}

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  return r.stdout;
}

async function waitReady(rt: ContainerdRuntime, log: () => string): Promise<void> {
  const until = Date.now() + 15_000;
  for (;;) {
    try {
      await rt.version({ version: 'v1' });
      return;
    } catch (e) {
      if (Date.now() > until) throw new Error(`containerd did not answer: ${String(e)}\n${log()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

export async function startContainerd(opts: { podCIDR: string }): Promise<TestContainerd> {
  const why = containerdMissing();
  if (why) throw new Error(why);
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-ctrd-'));
  const bridge = `klb${process.pid.toString(36)}`.slice(0, 15);
  const ipForward = readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8').trim();
  mkdirSync(`${dir}/cni/net.d`, { recursive: true });
  writeFileSync(`${dir}/config.toml`, configToml(dir));
  writeFileSync(`${dir}/cni/net.d/10-kubelab.conflist`, conflist(dir, bridge, opts.podCIDR));

  const logFile = `${dir}/containerd.log`;
  const out = openSync(logFile, 'a');
  const proc = spawn('/usr/bin/containerd', ['--config', `${dir}/config.toml`], {
    stdio: ['ignore', out, out],
    // Its own process group: a terminal's Ctrl-C must reach only us, so stop() can still remove
    // the pods through CRI before containerd goes (a containerd killed first orphans the shims).
    detached: true,
  });
  live.add(proc);
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-4000) : '');
  const socket = `${dir}/containerd.sock`;
  const runtime = new ContainerdRuntime(socket);
  await waitReady(runtime, log);

  const imagesDir = `${dir}/images`;
  run('bash', [resolve('vm-images/oci/build.sh'), imagesDir]);
  for (const name of ['pause', 'web', 'shell'])
    run('/usr/bin/ctr', [
      '-a',
      socket,
      '-n',
      'k8s.io',
      'images',
      'import',
      `${imagesDir}/${name}.tar`,
    ]);

  return {
    socket,
    dir,
    podCIDR: opts.podCIDR,
    bridge,
    runtime,
    log,
    async stop() {
      // Pods first, through CRI: killing containerd would leave shims and mounts behind.
      try {
        const { items } = await runtime.listPodSandbox({});
        for (const sb of items) {
          await runtime.stopPodSandbox({ podSandboxId: sb.id });
          await runtime.removePodSandbox({ podSandboxId: sb.id });
        }
      } finally {
        runtime.close();
        proc.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (proc.exitCode === null) proc.kill('SIGKILL');
        live.delete(proc);
        spawnSync('ip', ['link', 'del', bridge]);
        writeFileSync('/proc/sys/net/ipv4/ip_forward', ipForward);
        // Only the shared root, and only if empty: another test file's containerd may have pods
        // under it (pod-level dirs are the runtime's to remove, on RemovePodSandbox).
        for (const d of cgroupDirs(PODS_CGROUP_ROOT)) rmdirSilently(d);
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
