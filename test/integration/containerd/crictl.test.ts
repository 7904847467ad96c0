/**
 * `kubelab crictl` against a real private containerd: a pod sandbox and a container created through
 * the CRI client (as the kubelet would), then the CLI run as a real process (tsx bin/kubelab.mjs)
 * for ps, pods, images, version, logs, exec and an unreachable socket, and in-process (runCrictl
 * with captured output) for the JSON of inspect/inspectp/inspecti/info and the stop/rm/rmp path.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCrictl } from '../../../src-cluster/crictl';
import type { CrictlIO } from '../../../src-cluster/crictl/context';
import type { PodSandboxConfig } from '../../../src-cluster/kubelet/cri/runtime-service';
import { LABELS } from '../../../src-cluster/kubelet/cri/runtime-service';
import { IMAGES, startContainerd, type TestContainerd } from '../../support/containerd';
import { until } from '../../support/until';

const POD_CIDR = '10.88.24.0/24';

let ctrd: TestContainerd;
let endpoint: string;
let podId: string;
let ctrId: string;
let config: PodSandboxConfig;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI as a user runs it: a real process through bin/kubelab.mjs. */
function crictlProcess(args: string[], input?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      'node_modules/.bin/tsx',
      ['bin/kubelab.mjs', 'crictl', '-r', endpoint, '--timeout', '30s', ...args],
      { timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (input !== undefined) child.stdin!.end(input);
    else child.stdin!.end();
  });
}

/** runCrictl in this process with its output captured. */
async function crictl(args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CrictlIO = {
    out: (s) => (stdout += s),
    err: (s) => (stderr += s),
    outBytes: (b) => (stdout += Buffer.from(b).toString()),
    errBytes: (b) => (stderr += Buffer.from(b).toString()),
    stdin: process.stdin,
    stdoutIsTTY: false,
    env: {},
    now: () => Date.now(),
  };
  const code = await runCrictl(['-r', endpoint, '--timeout', '30s', ...args], io);
  return { code, stdout, stderr };
}

/** Table cells: crictl pads columns with at least three spaces; cells hold single spaces. */
const cells = (line: string) => line.trim().split(/ {3,}/);

beforeAll(async () => {
  ctrd = await startContainerd({ podCIDR: POD_CIDR });
  endpoint = `unix://${ctrd.socket}`;
  const uid = `uid-crictl-${Date.now()}`;
  config = {
    metadata: { name: 'web-1', uid, namespace: 'shop', attempt: 0 },
    hostname: 'web-1',
    logDirectory: `${ctrd.dir}/pods/shop_web-1_${uid}`,
    dnsConfig: { servers: [], searches: [], options: [] },
    labels: { [LABELS.podUid]: uid, [LABELS.podName]: 'web-1', [LABELS.podNamespace]: 'shop' },
    annotations: {},
    linux: { securityContext: { namespaceOptions: { network: 'POD' } } },
  };
  const rt = ctrd.runtime;
  podId = (await rt.runPodSandbox({ config })).podSandboxId;
  ctrId = (
    await rt.createContainer({
      podSandboxId: podId,
      sandboxConfig: config,
      config: {
        metadata: { name: 'app', attempt: 0 },
        image: { image: IMAGES.shell },
        command: [
          'sh',
          '-c',
          "echo hello; echo oops >&2; sleep 1; echo bye; trap 'exit 0' TERM; while true; do sleep 1; done",
        ],
        labels: { ...config.labels, [LABELS.containerName]: 'app' },
        logPath: 'app/0.log',
      },
    })
  ).containerId;
  await rt.startContainer({ containerId: ctrId });
});

afterAll(async () => {
  await ctrd?.stop();
});

describe('kubelab crictl on a real containerd', () => {
  it('ps (a real process) lists the running container in crictl columns', async () => {
    const r = await crictlProcess(['ps']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [header, ...rows] = r.stdout.trimEnd().split('\n');
    expect(cells(header!)).toEqual([
      'CONTAINER',
      'IMAGE',
      'CREATED',
      'STATE',
      'NAME',
      'ATTEMPT',
      'POD ID',
      'POD',
      'NAMESPACE',
    ]);
    // Narrow columns are 20 wide (tabwriter's minwidth): IMAGE starts at 20.
    expect(header!.indexOf('IMAGE')).toBe(20);
    expect(rows).toHaveLength(1);
    const [id, image, created, state, name, attempt, pod, podName, ns] = cells(rows[0]!);
    expect(id).toBe(ctrId.slice(0, 13));
    // The image as CreateContainer named it (a digest would be cut like an id).
    expect(image).toBe(IMAGES.shell);
    expect(created).toMatch(/^(Less than a second|\d+ seconds?|About a minute) ago$/);
    expect([state, name, attempt, pod, podName, ns]).toEqual([
      'Running',
      'app',
      '0',
      podId.slice(0, 13),
      'web-1',
      'shop',
    ]);
    // Every column starts where its header does.
    for (const col of ['STATE', 'POD ID', 'NAMESPACE'])
      expect(rows[0]!.indexOf(col === 'STATE' ? 'Running' : col === 'POD ID' ? pod! : 'shop')).toBe(
        header!.indexOf(col),
      );

    const q = await crictlProcess(['ps', '-q', '--pod', podId.slice(0, 6)]);
    expect(q.stdout).toBe(`${ctrId}\n`);
    const none = await crictlProcess(['ps', '-a', '--name', '^nomatch$']);
    expect(none.stdout.trimEnd().split('\n')).toHaveLength(1);
  }, 90_000);

  it('pods, images and version print what containerd holds', async () => {
    const pods = await crictlProcess(['pods', '--namespace', 'shop']);
    expect(pods.code).toBe(0);
    const [header, row] = pods.stdout.trimEnd().split('\n');
    expect(cells(header!)).toEqual([
      'POD ID',
      'CREATED',
      'STATE',
      'NAME',
      'NAMESPACE',
      'ATTEMPT',
      'RUNTIME',
    ]);
    const c = cells(row!);
    expect([c[0], c[2], c[3], c[4], c[5], c[6]]).toEqual([
      podId.slice(0, 13),
      'Ready',
      'web-1',
      'shop',
      '0',
      '(default)',
    ]);

    const images = await crictlProcess(['images']);
    const lines = images.stdout.trimEnd().split('\n').map(cells);
    expect(lines[0]).toEqual(['IMAGE', 'TAG', 'IMAGE ID', 'SIZE']);
    const shell = lines.find((l) => l[0] === 'localhost/kubelab/shell');
    expect(shell?.[1]).toBe('1');
    expect(shell?.[2]).toMatch(/^[a-f0-9]{13}$/);
    expect(shell?.[3]).toMatch(/^\d+(\.\d+)?[kM]B$/);

    const v = await crictlProcess(['version']);
    expect(v.stdout).toMatch(
      /^Version: {2}0\.1\.0\nRuntimeName: {2}containerd\nRuntimeVersion: {2}\S+\nRuntimeApiVersion: {2}v1\n$/,
    );
  }, 90_000);

  it('logs splits stdout and stderr and honours --tail and --timestamps', async () => {
    // "bye" comes a second after the rest: wait until it is in the log.
    await until(
      'bye in the log',
      async () => ((await crictl(['logs', ctrId])).stdout.includes('bye') ? true : undefined),
      15_000,
    );
    const all = await crictlProcess(['logs', ctrId.slice(0, 8)]);
    expect(all.code).toBe(0);
    expect(all.stdout).toBe('hello\nbye\n');
    expect(all.stderr).toBe('oops\n');
    const tail = await crictlProcess(['logs', '--tail', '1', '-t', ctrId]);
    expect(tail.stdout + tail.stderr).toMatch(/^\d{4}-\d\d-\d\dT\S+ bye\n$/);
  }, 90_000);

  it('logs -f follows the log until the container exits', async () => {
    // "two" comes 6 s after start, well after the CLI (about 2 s to start) has read "one".
    const rt = ctrd.runtime;
    const { containerId } = await rt.createContainer({
      podSandboxId: podId,
      sandboxConfig: config,
      config: {
        metadata: { name: 'counter', attempt: 0 },
        image: { image: IMAGES.shell },
        command: ['sh', '-c', 'echo one; sleep 6; echo two; echo done >&2'],
        labels: { ...config.labels, [LABELS.containerName]: 'counter' },
        logPath: 'counter/0.log',
      },
    });
    await rt.startContainer({ containerId });
    const r = await crictlProcess(['logs', '-f', containerId]);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, 'one\ntwo\n', 'done\n']);
    expect((await rt.containerStatus({ containerId })).status.state).toBe('CONTAINER_EXITED');
    await rt.removeContainer({ containerId });
  }, 90_000);

  it('exec runs commands: -s through ExecSync, -i streaming stdin, exit codes passed on', async () => {
    const sync = await crictlProcess(['exec', '-s', ctrId, 'sh', '-c', 'echo out; exit 3']);
    expect([sync.code, sync.stdout]).toEqual([3, 'out\n']);
    const streamed = await crictlProcess(['exec', '-i', ctrId.slice(0, 10), 'cat'], 'piped\n');
    expect([streamed.code, streamed.stdout]).toEqual([0, 'piped\n']);
    // A terminal: one output stream with CRLF line ends; the command's exit code is ours.
    const tty = await crictlProcess(['exec', '-t', ctrId, 'sh', '-c', 'echo tty; exit 5']);
    expect([tty.code, tty.stdout]).toEqual([5, 'tty\r\n']);
  }, 90_000);

  it('exec -it on a real terminal: the terminal size reaches the container', async () => {
    // util-linux `script` gives the CLI a pseudo-terminal of a known size. The size reaches the
    // container's pty asynchronously (a 0x0 pty makes stty fail), so the command asks until it is.
    const cli = `node_modules/.bin/tsx bin/kubelab.mjs crictl -r ${endpoint} --timeout 30s`;
    const untilSized =
      'for i in 1 2 3 4 5 6 7 8 9 10; do s=$(stty size 2>/dev/null); ' +
      '[ "$s" = "33 101" ] && break; sleep 1; done; echo "size=$s"';
    const r = await new Promise<Run>((resolve) => {
      execFile(
        'script',
        [
          '-qec',
          `stty rows 33 cols 101; ${cli} exec -it ${ctrId.slice(0, 8)} sh -c '${untilSized}'`,
          '/dev/null',
        ],
        { timeout: 60_000 },
        (err, stdout, stderr) => resolve({ code: err ? Number(err.code) || 1 : 0, stdout, stderr }),
      );
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/size=33 101\r/);
  }, 90_000);

  it('inspect, inspectp, inspecti and info print the verbose status JSON', async () => {
    const c = JSON.parse((await crictl(['inspect', ctrId.slice(0, 7)])).stdout);
    expect(Object.keys(c)).toEqual(['info', 'status']);
    expect(c.status.id).toBe(ctrId);
    expect(c.status.state).toBe('CONTAINER_RUNNING');
    expect(c.status.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
    expect(c.status.finishedAt).toBe('0001-01-01T00:00:00Z');
    expect(c.status.logPath).toBe(`${config.logDirectory}/app/0.log`);
    expect(c.info.sandboxID).toBe(podId);
    expect(c.info.pid).toBeGreaterThan(1);

    const p = JSON.parse((await crictl(['inspectp', podId.slice(0, 7)])).stdout);
    expect(p.status.network.ip).toMatch(/^10\.88\.24\.\d+$/);
    expect(p.status.metadata).toEqual({
      attempt: 0,
      name: 'web-1',
      namespace: 'shop',
      uid: config.metadata.uid,
    });
    expect(p.info.image).toBe(IMAGES.pause);

    const i = JSON.parse((await crictl(['inspecti', IMAGES.shell])).stdout);
    expect(i.status.repoTags).toContain(IMAGES.shell);
    const byShortId = JSON.parse(
      (await crictl(['inspecti', i.status.id.replace('sha256:', '').slice(0, 13)])).stdout,
    );
    expect(byShortId.status.id).toBe(i.status.id);

    const info = JSON.parse((await crictl(['info'])).stdout);
    expect(info.status.conditions.map((x: { type: string }) => x.type)).toEqual([
      'RuntimeReady',
      'NetworkReady',
    ]);
    expect(info.config.sandboxImage).toBe(IMAGES.pause);
  }, 90_000);

  it('names unknown ids and unreachable sockets in its errors', async () => {
    await expect(crictl(['inspect', 'zzzz'])).rejects.toThrow('container "zzzz" not found');
    const r = await crictlProcess(['-r', 'unix:///nonexistent/containerd.sock', 'ps']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'validate service connection: validate CRI v1 runtime API for endpoint ' +
        '"unix:///nonexistent/containerd.sock": dial unix /nonexistent/containerd.sock: ' +
        'connect: no such file or directory',
    );
  }, 90_000);

  it('stop, rm and rmp -f take everything away', async () => {
    expect((await crictl(['stop', '-t', '2', ctrId.slice(0, 9)])).stdout).toBe(`${ctrId}\n`);
    const exited = await crictl(['ps', '-a', '--state', 'exited', '-q']);
    expect(exited.stdout).toBe(`${ctrId}\n`);
    const logFile = `${config.logDirectory}/app/0.log`;
    expect(existsSync(logFile)).toBe(true);
    expect((await crictl(['rm', ctrId])).stdout).toBe(`${ctrId}\n`);
    // crictl rm deletes the container's log file too (containerd leaves it).
    expect(existsSync(logFile)).toBe(false);
    const rmp = await crictl(['rmp', '-f', podId.slice(0, 9)]);
    expect(rmp.stdout).toBe(`Stopped sandbox ${podId}\nRemoved sandbox ${podId}\n`);
    expect((await crictl(['pods', '-q'])).stdout).toBe('');
    expect((await crictl(['ps', '-a', '-q'])).stdout).toBe('');
  }, 90_000);
});
