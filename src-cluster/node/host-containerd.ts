/**
 * kubelab's own containerd for the host node, under `<dataDir>/host-node/`: its config.toml, its
 * root/state/socket, the local OCI images (pause, web, shell from vm-images/oci/build.sh) imported
 * into the `k8s.io` namespace, and — once IPAM has given the node a pod CIDR — the CNI conflist
 * (containerd's CRI plugin watches the conf dir and reports NetworkReady once it appears).
 *
 * Contract:
 * - `startHostContainerd({ dir })` first tears down what a previous run left (see teardown.ts),
 *   then records what it is about to create, starts containerd and resolves once CRI answers and
 *   the images are present. A missing requirement is a HostNodeUnavailableError naming it.
 * - `setPodCIDR(cidr)` writes the conflist (idempotent; a different CIDR replaces it).
 * - `stop()` removes every pod through CRI, stops containerd and cleans the machine; it resolves
 *   with the list of what could not be cleaned (empty when everything is gone).
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ContainerdRuntime } from '../kubelet/cri/containerd/containerd-runtime';
import {
  LOCAL_IMAGES,
  cniConflist,
  containerdConfigToml,
  containerdPaths,
  type ContainerdPaths,
} from './containerd-config';
import { lockMachine, unlockMachine } from './machine-lock';
import { HostNodeUnavailableError, assertHostNodePossible } from './requirements';
import {
  isOurContainerd,
  readRecord,
  removeAllPods,
  teardownHostNode,
  writeRecord,
  type HostNodeRecord,
} from './teardown';

export const HOST_BRIDGE = 'kubelab0';
export const HOST_CGROUP_ROOT = '/kubelab-host-pods';
const CONFLIST = '10-kubelab.conflist';
const BUILD_SCRIPT = fileURLToPath(new URL('../../vm-images/oci/build.sh', import.meta.url));

export interface HostContainerd {
  paths: ContainerdPaths;
  socket: string;
  bridge: string;
  cgroupRoot: string;
  pid: number;
  setPodCIDR(cidr: string): void;
  /** containerd's log tail (for error messages). */
  log(): string;
  alive(): boolean;
  stop(): Promise<string[]>;
}

export interface HostContainerdOptions {
  /** `<dataDir>/host-node` */
  dir: string;
  log?: (line: string) => void;
}

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed: ${(r.stderr || r.stdout || '').trim()}`);
  }
  return r.stdout;
}

async function waitCri(rt: ContainerdRuntime, alive: () => boolean, log: () => string) {
  const until = Date.now() + 20_000;
  for (;;) {
    try {
      await rt.version({ version: 'v1' });
      return;
    } catch (e) {
      if (!alive()) throw new Error(`containerd exited during start-up:\n${log()}`);
      if (Date.now() > until) throw new Error(`containerd did not answer: ${String(e)}\n${log()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

function spawnContainerd(p: ContainerdPaths) {
  const logFile = `${p.dir}/containerd.log`;
  const out = openSync(logFile, 'a');
  // Its own process group: a Ctrl-C in the terminal that ran `up --foreground` reaches the
  // cluster process, which then stops containerd in order (pods first), not containerd directly.
  const proc = spawn('/usr/bin/containerd', ['--config', `${p.dir}/config.toml`], {
    stdio: ['ignore', out, out],
    detached: true,
  });
  closeSync(out);
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-4000) : '');
  return { proc, log };
}

/**
 * Cleans up after a run that never stopped its host node (the cluster process crashed): with the
 * record's containerd still running, or — when containerd died too — a fresh one started on the
 * same state, so the pods' shims are found and removed through CRI before anything is deleted.
 * Returns what could not be cleaned; [] also when there was nothing to do.
 */
export async function recoverHostNode(dir: string): Promise<string[]> {
  const rec = readRecord(dir);
  if (!rec) return [];
  const p = containerdPaths(dir);
  if (!isOurContainerd(rec.containerdPid, rec.config) && existsSync(rec.config)) {
    const { proc, log } = spawnContainerd(p);
    const rt = new ContainerdRuntime(p.socket);
    try {
      await waitCri(rt, () => proc.exitCode === null, log);
      rec.containerdPid = proc.pid;
    } catch {
      proc.kill('SIGKILL');
    } finally {
      rt.close();
    }
  }
  return teardownHostNode(dir, rec, p);
}

export async function startHostContainerd(opts: HostContainerdOptions): Promise<HostContainerd> {
  assertHostNodePossible();
  const say = opts.log ?? (() => {});
  const p = containerdPaths(opts.dir);
  if (p.socket.length > 100) {
    throw new HostNodeUnavailableError(
      `the data dir path is too long for containerd's unix socket (${p.socket}); use a shorter --data-dir`,
    );
  }
  const crashed = lockMachine(opts.dir);
  if (crashed) {
    say(
      `a host node from ${crashed} died without stopping; if it left anything: npx kubelab down --data-dir ${crashed.replace(/\/host-node$/, '')}`,
    );
  }
  const leftovers = await recoverHostNode(opts.dir);
  if (leftovers.length) say(`previous host node left: ${leftovers.join('; ')}`);
  for (const d of [p.dir, p.cniConfDir, p.cniIpamDir]) mkdirSync(d, { recursive: true });
  const config = `${p.dir}/config.toml`;
  writeFileSync(config, containerdConfigToml(p));

  const rec: HostNodeRecord = {
    socket: p.socket,
    bridge: HOST_BRIDGE,
    cgroupRoot: HOST_CGROUP_ROOT,
    ipForward: readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8').trim(),
    config,
    netnsDir: `${p.state}/io.containerd.grpc.v1.cri/netns`,
  };
  writeRecord(p.dir, rec);
  const { proc, log } = spawnContainerd(p);
  rec.containerdPid = proc.pid;
  writeRecord(p.dir, rec);
  // Last resort if this process exits without stop(): the shims stay, but recoverHostNode()
  // finds them through the record on the next `kubelab up` or `kubelab down`.
  const onExit = () => proc.kill('SIGTERM');
  process.on('exit', onExit);

  const rt = new ContainerdRuntime(p.socket);
  try {
    await waitCri(rt, () => proc.exitCode === null, log);
    const have = new Set((await rt.listImages({})).images.flatMap((i) => i.repoTags));
    const missing = LOCAL_IMAGES.filter((n) => !have.has(`localhost/kubelab/${n}:1`));
    if (missing.length) {
      say(`importing images ${missing.join(', ')} into containerd`);
      const imagesDir = `${p.dir}/images`;
      if (missing.some((n) => !existsSync(`${imagesDir}/${n}.tar`))) {
        run('bash', [BUILD_SCRIPT, imagesDir]);
      }
      for (const n of missing) {
        run('/usr/bin/ctr', [
          '-a',
          p.socket,
          '-n',
          'k8s.io',
          'images',
          'import',
          `${imagesDir}/${n}.tar`,
        ]);
      }
    }
  } catch (err) {
    rt.close();
    process.off('exit', onExit);
    await teardownHostNode(p.dir, rec, p);
    unlockMachine(opts.dir);
    throw err;
  }
  rt.close();

  let stopping: Promise<string[]> | undefined;
  return {
    paths: p,
    socket: p.socket,
    bridge: HOST_BRIDGE,
    cgroupRoot: HOST_CGROUP_ROOT,
    pid: proc.pid!,
    log,
    alive: () => proc.exitCode === null && proc.signalCode === null,
    setPodCIDR(cidr) {
      const file = `${p.cniConfDir}/${CONFLIST}`;
      const text = cniConflist({ bridge: HOST_BRIDGE, podCIDR: cidr, ipamDir: p.cniIpamDir });
      if (existsSync(file) && readFileSync(file, 'utf8') === text) return;
      writeFileSync(`${file}.tmp`, text);
      // containerd reloads on the rename; a half-written conflist would be read as broken.
      renameSync(`${file}.tmp`, file);
    },
    stop() {
      stopping ??= (async () => {
        process.off('exit', onExit);
        const problems: string[] = [];
        if (proc.exitCode === null) await removeAllPods(p.socket, problems);
        problems.push(...(await teardownHostNode(p.dir, rec, p)));
        unlockMachine(opts.dir);
        return problems;
      })();
      return stopping;
    },
  };
}
