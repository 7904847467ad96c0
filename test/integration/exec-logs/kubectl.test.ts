// kubectl logs/exec end to end: real kubectl (1.32 via WebSocket, 1.20 via SPDY/3.1) → kubelab API
// server → proxy → kubelet streaming server → fake container runtime.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, run, startCluster, type Cluster } from './harness';

const KUBECTL_132 = process.env.KUBECTL_132 ?? '/usr/bin/kubectl';
const KUBECTL_120 = process.env.KUBECTL_120 ?? '/tmp/kubectl120/usr/bin/kubectl';

// Both clients are required: a missing binary fails loudly instead of shrinking the suite.
const clients = [
  { name: 'kubectl 1.32 (WebSocket)', bin: KUBECTL_132 },
  { name: 'kubectl 1.20 (SPDY/3.1)', bin: KUBECTL_120 },
];

it.each(clients)('$name is installed', ({ bin }) => {
  expect(existsSync(bin), `${bin} is missing (CI extracts kubectl 1.20; see .ci/run)`).toBe(true);
});

let cluster: Cluster;

beforeAll(async () => {
  cluster = await startCluster();
  cluster.streamer
    .addContainer('default', 'p', 'c', ['line 1', 'line 2', 'line 3'])
    .addContainer('default', 'multi', 'c1', ['from c1'])
    .addContainer('default', 'multi', 'c2', ['from c2 a', 'from c2 b']);
  await cluster.createPod('p', ['c']);
  await cluster.createPod('multi', ['c1', 'c2']);
});
afterAll(async () => cluster?.stop());

it('has at least one kubectl to test with', () => {
  expect(clients.length).toBeGreaterThan(0);
});

describe.each(clients)('$name', ({ bin }) => {
  const k = (args: string[], opts: { stdin?: string; wrapInPty?: boolean } = {}) =>
    run(bin, cluster.url, cluster.dir, args, opts);

  it('logs p', async () => {
    const r = await k(['logs', 'p']);
    expect(r).toMatchObject({ code: 0, stdout: 'line 1\nline 2\nline 3\n' });
  });

  it('logs --tail 2', async () => {
    const r = await k(['logs', 'p', '--tail', '2']);
    expect(r).toMatchObject({ code: 0, stdout: 'line 2\nline 3\n' });
  });

  it('logs -c c2 on a two-container pod', async () => {
    const r = await k(['logs', 'multi', '-c', 'c2']);
    expect(r).toMatchObject({ code: 0, stdout: 'from c2 a\nfrom c2 b\n' });
  });

  it('logs of an unknown container fails with the server message', async () => {
    const r = await k(['logs', 'p', '-c', 'nope']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('container nope is not valid for pod p');
  });

  it('logs -f streams lines as the container writes them, and ends when it stops', async () => {
    const pod = `follow-${bin.length}-${Math.floor(Math.random() * 1e6)}`;
    cluster.streamer.addContainer('default', pod, 'c', ['first']);
    await cluster.createPod(pod, ['c']);
    const p = kubectl(bin, cluster.url, cluster.dir, ['logs', '-f', pod]);
    await p.waitFor('first\n');
    cluster.streamer.appendLog('default', pod, 'c', 'second');
    await p.waitFor('second\n');
    expect(p.stdout()).toBe('first\nsecond\n');
    cluster.streamer.stopContainer('default', pod, 'c');
    expect(await p.exited).toMatchObject({ code: 0, stdout: 'first\nsecond\n' });
  });

  it('exec p -- echo hi', async () => {
    const r = await k(['exec', 'p', '--', 'echo', 'hi']);
    expect(r).toMatchObject({ code: 0, stdout: 'hi\n' });
  });

  it('exec -i p -- cat echoes stdin', async () => {
    const r = await k(['exec', '-i', 'p', '--', 'cat'], { stdin: 'hello\nworld\n' });
    expect(r).toMatchObject({ code: 0, stdout: 'hello\nworld\n' });
  });

  it('exec separates stderr from stdout', async () => {
    const r = await k(['exec', 'p', '--', 'sh', '-c', 'echo out; echo-err oops']);
    expect(r).toMatchObject({ code: 0, stdout: 'out\n' });
    expect(r.stderr).toContain('oops\n');
  });

  it("exec p -- sh -c 'exit 3' exits 3", async () => {
    const r = await k(['exec', 'p', '--', 'sh', '-c', 'exit 3']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('command terminated with exit code 3');
  });

  it('exec -c c2 on a two-container pod, and the error without -c', async () => {
    expect(await k(['exec', 'multi', '-c', 'c2', '--', 'ls'])).toMatchObject({ code: 0 });
    const r = await k(['exec', 'p', '-c', 'nope', '--', 'ls']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('container nope is not valid for pod p');
  });

  it('exec -it gives the command a terminal', async () => {
    const r = await k(['exec', '-it', 'p', '--', 'tty'], { wrapInPty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('/dev/pts/0');
    expect(cluster.streamer.execs.at(-1)).toMatchObject({ command: ['tty'], tty: true });
  });
});
