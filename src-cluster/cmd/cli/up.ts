/**
 * `kubelab up`: starts a no-VM cluster. By default the cluster runs in a detached background
 * process (this command re-runs itself with --foreground, output to <data-dir>/cluster.log); this
 * side follows the log, printing each step and what it waits on, until every node is Ready, then
 * says how to use the cluster and exits 0. It refuses if a cluster already runs in that data dir.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hostNodeMissing } from '../../node/requirements';
import { FlagError, flagsHelp, type FlagSpec } from '../flags';
import { DATA_DIR_FLAG, HELP_FLAG, splitArgs } from './args';
import { ClusterDir, processAlive } from './cluster-dir';
import { serveCluster } from './serve';

const DRIVERS = ['embedded'];

const SPECS: FlagSpec[] = [
  { name: 'masters', help: 'control-plane nodes: 1 or 3', default: '1' },
  { name: 'workers', help: 'worker nodes', default: '2' },
  { name: 'driver', help: `how nodes are made (${DRIVERS.join(', ')})`, default: 'embedded' },
  DATA_DIR_FLAG,
  {
    name: 'host-node',
    help: 'add this machine as one more worker: real kubelet on containerd, kube-proxy in iptables mode (Linux, root)',
    boolean: true,
  },
  { name: 'foreground', help: 'run the cluster in this process until Ctrl-C', boolean: true },
  { name: 'timeout', help: 'seconds to wait for every node to be Ready', default: '120' },
  HELP_FLAG,
];

const BIN = fileURLToPath(new URL('../../../bin/kubelab.mjs', import.meta.url));

function parse(args: string[]) {
  const { positional, flags } = splitArgs(args, SPECS);
  if (positional.length) throw new FlagError(`unexpected argument "${positional[0]}"`);
  const masters = Number(flags.masters);
  if (masters !== 1 && masters !== 3) {
    throw new FlagError(`--masters must be 1 or 3, got "${flags.masters}"`);
  }
  const workers = Number(flags.workers);
  if (!Number.isInteger(workers) || workers < 0 || workers > 50) {
    throw new FlagError(`--workers must be a whole number 0-50, got "${flags.workers}"`);
  }
  const driver = String(flags.driver);
  if (!DRIVERS.includes(driver)) {
    throw new FlagError(
      `--driver "${driver}" is not available; drivers: ${DRIVERS.join(', ')} (QEMU and libvirt come with VM mode)`,
    );
  }
  return {
    flags,
    masters: masters as 1 | 3,
    workers,
    driver,
    hostNode: Boolean(flags['host-node']),
  };
}

export async function runUp(args: string[]): Promise<number> {
  const p = parse(args);
  if (p.flags.help) {
    console.log(flagsHelp('up', 'Starts a no-VM Kubernetes cluster.', SPECS));
    return 0;
  }
  if (p.hostNode) {
    const why = hostNodeMissing();
    if (why) {
      console.error(`kubelab up --host-node: this machine cannot be a node: ${why}`);
      return 1;
    }
  }
  const dir = new ClusterDir(String(p.flags['data-dir']));
  const running = dir.runningPid();
  if (running) {
    console.error(
      `kubelab up: a cluster is already running in ${dir.dir} (pid ${running}).\n` +
        `  use it: export KUBECONFIG=${dir.kubeconfig}\n  or stop it: npx kubelab down --data-dir ${dir.dir}`,
    );
    return 1;
  }
  mkdirSync(dir.dir, { recursive: true });
  dir.clearRun();
  if (p.flags.foreground) {
    return serveCluster({
      dir,
      masters: p.masters,
      workers: p.workers,
      hostNode: p.hostNode,
      log: (l) => console.log(l),
    });
  }
  return startInBackground(dir, p.masters, p.workers, p.hostNode, Number(p.flags.timeout) * 1000);
}

async function startInBackground(
  dir: ClusterDir,
  masters: number,
  workers: number,
  hostNode: boolean,
  timeoutMs: number,
): Promise<number> {
  console.log(
    `kubelab up: ${masters} master(s), ${workers} worker(s)${hostNode ? ' + this machine (--host-node)' : ''}, no-VM (embedded) in ${dir.dir}`,
  );
  const logFd = openSync(dir.logFile, 'w');
  const child = spawn(
    process.execPath,
    [
      BIN,
      'up',
      '--foreground',
      `--masters=${masters}`,
      `--workers=${workers}`,
      `--data-dir=${dir.dir}`,
      ...(hostNode ? ['--host-node'] : []),
    ],
    { detached: true, stdio: ['ignore', logFd, logFd], cwd: process.cwd() },
  );
  closeSync(logFd);
  child.unref();
  const pid = child.pid!;
  console.log(`  cluster process ${pid} (log: ${dir.logFile})`);
  let printed = 0;
  const follow = () => {
    if (!existsSync(dir.logFile)) return;
    const lines = readFileSync(dir.logFile, 'utf8').split('\n');
    const complete = lines.slice(0, -1);
    for (const l of complete.slice(printed)) console.log(`  ${l}`);
    printed = complete.length;
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    follow();
    const info = dir.control();
    if (info?.pid === pid && info.state === 'ready') {
      follow(); // the "ready" line may have been written after the last look
      break;
    }
    if (!processAlive(pid) || info?.state === 'failed') {
      follow();
      console.error(`kubelab up: the cluster did not start${info?.error ? `: ${info.error}` : ''}`);
      return 1;
    }
    if (Date.now() > deadline) {
      console.error(
        `kubelab up: nodes not Ready after ${timeoutMs / 1000} s; stopping the cluster`,
      );
      process.kill(pid, 'SIGTERM');
      return 1;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log(
    [
      '',
      'The cluster is up. Use it with:',
      `  export KUBECONFIG=${dir.kubeconfig}`,
      '  kubectl get nodes',
      '',
      `Status: npx kubelab status --data-dir ${dir.dir}`,
      `Break something: npx kubelab fault stop-kubelet worker-1 --data-dir ${dir.dir}`,
      `Stop it: npx kubelab down --data-dir ${dir.dir}`,
    ].join('\n'),
  );
  return 0;
}
