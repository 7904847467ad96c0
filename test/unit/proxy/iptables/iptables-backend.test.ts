import { describe, expect, it } from 'vitest';
import { IptablesProxyBackend } from '../../../../src-cluster/proxy/iptables/iptables-backend';
import type { CommandRunner } from '../../../../src-cluster/proxy/iptables/command-runner';
import { CommandFailedError } from '../../../../src-cluster/proxy/iptables/command-runner';
import { services, slices } from './fixtures';

/** Records commands; `-C` checks fail (jump missing), iptables-save reports one stale chain. */
function fakeRunner(restoreCode = 0) {
  const calls: { argv: string; input?: string }[] = [];
  const runner: CommandRunner = {
    async run(program, args, input) {
      calls.push({ argv: [program, ...args].join(' '), ...(input ? { input } : {}) });
      if (program === 'iptables' && args.includes('-C')) return { code: 1, stdout: '', stderr: '' };
      if (program === 'iptables-save') {
        return {
          code: 0,
          stdout: '*nat\n:KUBE-SVC-AAAAAAAAAAAAAAAA - [0:0]\nCOMMIT\n',
          stderr: '',
        };
      }
      if (program === 'iptables-restore' && restoreCode) {
        return { code: restoreCode, stdout: '', stderr: 'iptables-restore: line 3 failed' };
      }
      return { code: 0, stdout: '', stderr: '' };
    },
  };
  return { runner, calls };
}

describe('iptables backend', () => {
  it('ensures the jumps, then restores the whole rule set with --noflush in one call', async () => {
    const { runner, calls } = fakeRunner();
    const b = new IptablesProxyBackend({ runner, clusterCIDR: '10.244.0.0/16' });
    await b.syncRules(services, slices);
    expect(calls).toContainEqual({
      argv: 'iptables -w -t nat -I PREROUTING -m comment --comment kubernetes service portals -j KUBE-SERVICES',
    });
    const restores = calls.filter((c) => c.argv.startsWith('iptables-restore'));
    expect(restores).toHaveLength(1);
    expect(restores[0]!.argv).toBe('iptables-restore -w --noflush');
    expect(restores[0]!.input).toContain('-X KUBE-SVC-AAAAAAAAAAAAAAAA\n');
    expect(b.lastApplied).toBe(restores[0]!.input);
  });

  it('throws what iptables-restore said when the kernel refuses the rules', async () => {
    const { runner } = fakeRunner(2);
    const b = new IptablesProxyBackend({ runner });
    await expect(b.syncRules(services, slices)).rejects.toThrow(CommandFailedError);
    await expect(b.syncRules(services, slices)).rejects.toThrow(/line 3 failed/);
    expect(b.lastApplied).toBe('');
  });
});
