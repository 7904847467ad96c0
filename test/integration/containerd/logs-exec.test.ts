/**
 * `kubectl logs` and `kubectl exec` for pods on a real containerd, end to end: real kubectl (1.32
 * over WebSocket, 1.20 over SPDY) → the kubelab API server's pod log/exec proxy → the kubelet's
 * streaming server → ContainerdRuntime, which reads containerd's CRI log files and relays exec to
 * containerd's own streaming server over SPDY. Also the terminal path (tty + resize) straight
 * through ContainerdRuntime.exec, which kubectl cannot drive without a terminal of its own.
 */
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { Pod } from 'kubernetes-types/core/v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOURCES } from '../../../src-cluster/api/resources';
import type { ResourceClient } from '../../../src-cluster/client';
import type { ContainerdRuntime } from '../../../src-cluster/kubelet/cri/containerd/containerd-runtime';
import { LABELS } from '../../../src-cluster/kubelet/cri/runtime-service';
import { replayLatestSize } from '../../../src-cluster/kubelet/server/remotecommand/resize';
import type { ExecIO, TerminalSize } from '../../../src-cluster/kubelet/server/streamer';
import type { TestApiServer } from '../../support/apiserver';
import { IMAGES } from '../../support/containerd';
import { startContainerdNode, until, type ContainerdNode } from '../../support/containerd-node';
import { kubectlClients, runKubectl, startKubectl } from '../../support/kubectl';

const PODS = RESOURCES.find((r) => r.resource === 'pods' && r.group === '')!;
const POD_CIDR = '10.88.21.0/24';
/** Shell: prints the terminal size once it is `want` (tries for 10 s). */
const UNTIL_SIZE = (want: string) =>
  `for i in 1 2 3 4 5 6 7 8 9 10; do s=$(stty size 2>/dev/null); [ "$s" = "${want}" ] && break; sleep 1; done; echo "$s"`;
const LONG = 40_000; // over containerd's 16 KiB log line limit: written as P chunks + an F

let testNode: ContainerdNode;
let api: TestApiServer;
let runtime: ContainerdRuntime;
let pods: ResourceClient<Pod>;

function pod(name: string, script: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: {
      nodeName: 'worker-1',
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'main', image: IMAGES.shell, command: ['sh', '-c', script] }],
    },
  };
}

beforeAll(async () => {
  testNode = await startContainerdNode({
    podCIDR: POD_CIDR,
    runtime: { logPollMs: 100 },
    streaming: true,
  });
  ({ api, runtime } = testNode);
  pods = testNode.client.resource<Pod>(PODS).namespace('default');
  // talker: some stdout, a stderr line, a line too long for one log entry, then stays up.
  await pods.create(
    pod(
      'talker',
      `echo one; echo two >&2; echo three; head -c ${LONG} /dev/zero | tr '\\0' x; echo; ` +
        // Then prints whatever an exec leaves in /tmp/say (moved in place, so never half written).
        'echo ready; while :; do if [ -f /tmp/say ]; then cat /tmp/say; rm /tmp/say; fi; sleep 1; done',
    ),
  );
  // crasher: each instance prints a unique line and fails after a while (restartPolicy Always).
  await pods.create(
    pod('crasher', 'echo boot $(cat /proc/sys/kernel/random/uuid); sleep 3; exit 1'),
  );
  await until('talker running', async () => {
    const p = await pods.get('talker');
    return p.status?.containerStatuses?.[0]?.state?.running ? p : undefined;
  });
}, 120_000);

afterAll(() => testNode?.stop());

describe.each(kubectlClients())('$name', ({ bin, minor }) => {
  const kc = (args: string[], stdin?: string) =>
    runKubectl(bin, args, { kubeconfig: api.kubeconfigPath, stdin, timeoutMs: 30_000 });

  it('logs: stdout and stderr lines, a long line joined from its chunks', async () => {
    const r = await until('talker output complete', async () => {
      const r = await kc(['logs', 'talker']);
      return r.stdout.includes('ready\n') ? r : undefined;
    });
    expect(r.code).toBe(0);
    // What the container printed at start (later tests make it print more lines), in any order
    // across the two streams: containerd copies stdout and stderr separately.
    const lines = r.stdout.split('\n');
    const start = lines.filter((l) => l.length < 100 && !/^(later from|attached with)/.test(l));
    expect(start.sort()).toEqual(['', 'one', 'ready', 'three', 'two']);
    expect(lines.indexOf('one')).toBeLessThan(lines.indexOf('three'));
    expect(lines).toContain('x'.repeat(LONG));
  });

  it('logs --tail=1 and --timestamps show the last line with containerd’s own time', async () => {
    const all = (await kc(['logs', 'talker'])).stdout.trimEnd().split('\n');
    const r = await kc(['logs', '--tail=1', '--timestamps', 'talker']);
    expect(r.code).toBe(0);
    const m = /^(\S+) (.*)\n$/.exec(r.stdout);
    expect(m?.[2]).toBe(all.at(-1));
    expect(m?.[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+(Z|[+-]\d\d:\d\d)$/);
  });

  it('logs -f shows a line the container prints later', async () => {
    const follow = startKubectl(bin, ['logs', '-f', '--tail=1', 'talker'], {
      kubeconfig: api.kubeconfigPath,
      timeoutMs: 60_000,
    });
    try {
      await follow.waitFor('\n');
      const marker = `later from kubectl 1.${minor}`;
      // The main process prints it, so it lands in the container log.
      const say = `echo ${marker} > /tmp/say.new && mv /tmp/say.new /tmp/say`;
      const w = await kc(['exec', 'talker', '--', 'sh', '-c', say]);
      expect(w.code).toBe(0);
      await follow.waitFor(`${marker}\n`);
    } finally {
      follow.kill();
      await follow.exited;
    }
  });

  it('logs --previous shows the crashed instance; without one it says so', async () => {
    await until('crasher restarted', async () => {
      const p = await pods.get('crasher');
      return (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1 ? p : undefined;
    });
    const prev = await kc(['logs', '--previous', 'crasher']);
    // The new instance may not have printed yet when its restart is reported.
    const cur = await until('current crasher output', async () => {
      const r = await kc(['logs', 'crasher']);
      return r.stdout ? r : undefined;
    });
    expect(prev.stdout).toMatch(/^boot [0-9a-f-]{36}\n$/);
    expect(cur.stdout).toMatch(/^boot [0-9a-f-]{36}\n$/);
    expect(prev.stdout).not.toBe(cur.stdout);
    // Following an instance ends when it exits (it lives 3 s; a restarted one is a new instance).
    const follow = await kc(['logs', '-f', 'crasher']);
    expect(follow.code).toBe(0);
    expect(follow.stdout).toMatch(/^boot [0-9a-f-]{36}\n$/);

    const none = await kc(['logs', '--previous', 'talker']);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toMatch(/previous terminated container "main" in pod "talker" not found/);
  });

  it('exec: output, stderr kept apart, and the exit code', async () => {
    const r = await kc(['exec', 'talker', '--', 'sh', '-c', 'echo hi; echo oops >&2; exit 3']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('hi\n');
    expect(r.stderr).toContain('oops\n');
    expect(r.stderr).toContain('command terminated with exit code 3');
    const ok = await kc(['exec', 'talker', '--', 'hostname']);
    expect(ok).toMatchObject({ code: 0, stdout: 'talker\n' });
  });

  it('exec relays large output intact', async () => {
    const r = await kc([
      'exec',
      'talker',
      '--',
      'sh',
      '-c',
      "head -c 8000000 /dev/zero | tr '\\0' a",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBe(8_000_000);
    expect(/^a+$/.test(r.stdout)).toBe(true);
  });

  it('exec -i passes stdin through and closes it', async () => {
    const r = await kc(
      ['exec', '-i', 'talker', '--', 'sh', '-c', 'wc -l; cat /dev/null'],
      'a\nb\nc\n',
    );
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('3');
  });

  it('exec -it gives the command a terminal of the client’s size', async () => {
    // kubectl needs a terminal of its own for -t: run it under script(1) with a known size.
    const cmd = [bin, '--kubeconfig', api.kubeconfigPath, 'exec', '-it', 'talker', '--']
      // The size reaches the pty asynchronously, as under a real kubelet: ask until it is there.
      .concat(['sh', '-c', `tty; ${UNTIL_SIZE('17 91')}`])
      .map((a) => `'${a}'`)
      .join(' ');
    const r = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn('script', ['-qefc', `stty cols 91 rows 17; exec ${cmd}`, '/dev/null'], {
        env: { ...process.env, KUBECONFIG: api.kubeconfigPath },
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('close', (code) => (clearTimeout(timer), resolve({ code, out })));
    });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\/dev\/pts\/\d+\r\n/);
    expect(r.out).toContain('17 91\r\n');
  });

  it('attach streams what the main process prints from then on', async () => {
    const attach = startKubectl(bin, ['attach', 'talker'], {
      kubeconfig: api.kubeconfigPath,
      timeoutMs: 60_000,
    });
    try {
      const marker = `attached with kubectl 1.${minor}`;
      const seen = attach.waitFor(marker).then(() => true);
      // The attach is live only once its streams are up: say it again until it shows.
      for (let i = 0; i < 20; i++) {
        const say = `echo ${marker} > /tmp/say.new && mv /tmp/say.new /tmp/say`;
        expect((await kc(['exec', 'talker', '--', 'sh', '-c', say])).code).toBe(0);
        if (await Promise.race([seen, new Promise((r) => setTimeout(() => r(false), 1500))])) break;
      }
      expect(await seen).toBe(true);
    } finally {
      attach.kill();
      await attach.exited;
    }
  });

  it('exec of a missing executable fails with containerd’s reason', async () => {
    const r = await kc(['exec', 'talker', '--', 'no-such-binary']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/executable file not found in \$PATH/);
    expect(r.stderr).not.toMatch(/Internal error occurred: Internal error occurred/);
  });
});

describe('ContainerdRuntime.exec with a terminal', () => {
  it('gets a pty and the size the client reported', async () => {
    const { containers } = await runtime.listContainers({
      filter: {
        labelSelector: { [LABELS.podName]: 'talker' },
        state: { state: 'CONTAINER_RUNNING' },
      },
    });
    // As the kubelet's streamer does: replay from the start, the client's size arrives early.
    const src = new EventEmitter<{ resize: [TerminalSize] }>();
    const resize = replayLatestSize(src);
    src.emit('resize', { width: 123, height: 45 });
    let out = '';
    const stdout = new PassThrough();
    stdout.on('data', (c: Buffer) => (out += c.toString()));
    const io: ExecIO = {
      tty: true,
      stdin: null,
      stdout,
      stderr: null,
      resize,
      signal: new AbortController().signal,
    };
    // The size reaches the pty asynchronously (a 0x0 pty makes stty fail): ask until it is there.
    const script = `tty; ${UNTIL_SIZE('45 123')}; exit 7`;
    const code = await runtime.exec(containers[0]!.id, ['sh', '-c', script], io);
    expect(code).toBe(7);
    expect(out).toBe('/dev/pts/0\r\n45 123\r\n');
  });
});
