/**
 * The command line around the subcommands: help, unknown commands and flags, the endpoint checks
 * that happen before any CRI call, and the registration in `kubelab`'s dispatcher.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../../src-cluster/cmd/kubelab';
import { SUBCOMMANDS, findSubcommand, runCrictl } from '../../../src-cluster/crictl';
import type { CrictlIO } from '../../../src-cluster/crictl/context';

function capture(env: Record<string, string> = {}) {
  const io = {
    text: '',
    out(s: string) {
      io.text += s;
    },
    err(s: string) {
      io.text += s;
    },
    outBytes() {},
    errBytes() {},
    stdin: process.stdin,
    stdoutIsTTY: false,
    env,
    now: () => 0,
  };
  return io as CrictlIO & { text: string };
}

describe('kubelab crictl command line', () => {
  it('lists every subcommand, and each has its own --help', async () => {
    const io = capture();
    expect(await runCrictl(['--help'], io)).toBe(0);
    for (const c of SUBCOMMANDS) expect(io.text).toContain(`  ${c.name.padEnd(10)} ${c.summary}`);
    const ps = capture();
    expect(await runCrictl(['ps', '-h'], ps)).toBe(0);
    expect(ps.text).toContain('Usage: kubelab crictl ps [flags]');
    expect(ps.text).toMatch(/-q, --quiet +only display container IDs/);
    expect(findSubcommand('img')?.name).toBe('images');
  });

  it('rejects unknown commands and flags before touching the runtime', async () => {
    await expect(runCrictl(['frobnicate'], capture())).rejects.toThrow(
      'unknown command "frobnicate"',
    );
    await expect(runCrictl(['ps', '--frob'], capture())).rejects.toThrow('unknown flag --frob');
    await expect(runCrictl(['-r', 'tcp://10.0.0.1:1', 'ps'], capture())).rejects.toThrow(
      'only unix:// endpoints are supported',
    );
    await expect(runCrictl(['-t', 'soon', 'ps'], capture())).rejects.toThrow('invalid duration');
  });

  it('takes the endpoint from CONTAINER_RUNTIME_ENDPOINT and names it when unreachable', async () => {
    const io = capture({ CONTAINER_RUNTIME_ENDPOINT: '/nonexistent/kubelab.sock' });
    await expect(runCrictl(['version'], io)).rejects.toThrow(
      'validate service connection: validate CRI v1 runtime API for endpoint ' +
        '"unix:///nonexistent/kubelab.sock": dial unix /nonexistent/kubelab.sock: ' +
        'connect: no such file or directory',
    );
  });

  it('is registered in kubelab', async () => {
    const out: string[] = [];
    const log = console.log;
    console.log = (s: string) => out.push(s);
    try {
      expect(await main(['--help'])).toBe(0);
    } finally {
      console.log = log;
    }
    expect(out.join('\n')).toMatch(/ {2}crictl +inspect the node's container runtime/);
  });
});
