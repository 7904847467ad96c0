import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildServiceTable } from '../../../../src-cluster/proxy/service-table';
import { affinityTimeouts } from '../../../../src-cluster/proxy/iptables/affinity';
import {
  base32,
  endpointChain,
  serviceChain,
} from '../../../../src-cluster/proxy/iptables/chain-names';
import {
  probability,
  renderIptablesRules,
  restoreInput,
} from '../../../../src-cluster/proxy/iptables/iptables-rules';
import { services, slices } from './fixtures';

const golden = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');

describe('iptables chain names', () => {
  it('hash service ports exactly as upstream (names every cluster shows)', () => {
    expect(serviceChain('kube-system/kube-dns:dns', 'UDP')).toBe('KUBE-SVC-TCOU7JCQXEZGVUNU');
    expect(serviceChain('kube-system/kube-dns:dns-tcp', 'TCP')).toBe('KUBE-SVC-ERIFXISQEP7F7OF4');
    expect(serviceChain('default/kubernetes:https', 'TCP')).toBe('KUBE-SVC-NPX46M4PTMTKRN6Y');
  });

  it('hash endpoints with "ip:port" appended, within the 28-character limit', () => {
    const sep = endpointChain('default/web:http', 'TCP', '10.244.1.5:8080');
    expect(sep).toMatch(/^KUBE-SEP-[A-Z2-7]{16}$/);
    expect(sep).not.toBe(endpointChain('default/web:http', 'TCP', '10.244.1.5:8081'));
    expect(sep.length).toBeLessThanOrEqual(28);
  });

  it('base32 is RFC 4648 with padding', () => {
    expect(base32(new TextEncoder().encode('foobar'))).toBe('MZXW6YTBOI======');
    expect(base32(new TextEncoder().encode('f'))).toBe('MY======');
  });
});

describe('iptables rule set', () => {
  it('formats statistic probabilities 1/(n-i) with ten decimals', () => {
    expect([4, 3, 2].map(probability)).toEqual(['0.2500000000', '0.3333333333', '0.5000000000']);
  });

  it('renders the fixed services exactly (golden: filter + nat, stale chain deleted)', () => {
    const text = restoreInput(
      renderIptablesRules(buildServiceTable(services, slices), {
        clusterCIDR: '10.244.0.0/16',
        affinityTimeouts: affinityTimeouts(services),
        existingNatChains: ['KUBE-SERVICES', 'KUBE-SVC-AAAAAAAAAAAAAAAA', 'MY-CHAIN'],
      }),
    );
    expect(text).toBe(golden('golden-iptables.txt'));
  });

  it('masquerades every cluster-IP packet with masqueradeAll and none without a detector', () => {
    const table = buildServiceTable(services, slices);
    const all = renderIptablesRules(table, { masqueradeAll: true }).nat;
    expect(all).toContain(
      '-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http cluster IP" -m tcp -p tcp -d 10.96.0.50 --dport 80 -j KUBE-MARK-MASQ\n',
    );
    const none = renderIptablesRules(table).nat;
    expect(none).not.toMatch(/KUBE-SVC-CDGGSHYLG3RE2FKL .*-j KUBE-MARK-MASQ/);
  });

  it('never declares or deletes chains that are not kube-proxy per-service chains', () => {
    const { nat } = renderIptablesRules([], {
      existingNatChains: ['PREROUTING', 'MY-CHAIN', 'KUBE-FIREWALL'],
    });
    expect(nat).not.toContain('MY-CHAIN');
    expect(nat).not.toContain('PREROUTING');
    expect(nat).not.toContain('-X');
  });
});
