import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildServiceTable } from '../../../../src-cluster/proxy/service-table';
import { affinityTimeouts } from '../../../../src-cluster/proxy/iptables/affinity';
import {
  diffIpvs,
  ipvsRestoreText,
  parseIpvsSave,
  renderIpvsState,
} from '../../../../src-cluster/proxy/ipvs/ipvs-state';
import { renderIpvsIptables } from '../../../../src-cluster/proxy/ipvs/ipvs-iptables';
import { services, slices } from '../iptables/fixtures';

const golden = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');
const table = buildServiceTable(services, slices);
const state = renderIpvsState(table, {
  nodeIPs: ['192.168.50.11'],
  affinityTimeouts: affinityTimeouts(services),
});

describe('ipvs state', () => {
  it('binds every ClusterIP and external IP on kube-ipvs0', () => {
    expect(state.addresses).toEqual([
      '10.96.0.10',
      '10.96.0.50',
      '10.96.0.60',
      '10.96.0.70',
      '192.168.50.5',
    ]);
  });

  it('renders virtual servers (rr, persistent for ClientIP) and real servers exactly (golden)', () => {
    expect(ipvsRestoreText(state)).toBe(golden('golden-ipvsadm.txt'));
  });

  it('renders the iptables side of IPVS mode exactly (golden)', () => {
    expect(renderIpvsIptables(table, { clusterCIDR: '10.244.0.0/16' })).toBe(
      golden('golden-ipvs-iptables.txt'),
    );
  });

  it('round-trips through ipvsadm -Sn output: nothing to do when nothing changed', () => {
    const current = parseIpvsSave(ipvsRestoreText(state));
    expect(diffIpvs(current, state, () => true)).toBe('');
  });

  it('diffs: adds and removes real servers, deletes only owned stale virtual servers', () => {
    const current = parseIpvsSave(
      [
        '-A -t 10.96.0.50:80 -s rr',
        '-a -t 10.96.0.50:80 -r 10.244.1.5:8080 -m -w 1',
        '-a -t 10.96.0.50:80 -r 10.244.9.9:8080 -m -w 1',
        '-A -t 10.96.0.99:80 -s rr',
        '-A -t 172.16.0.1:80 -s wlc',
      ].join('\n'),
    );
    const want = renderIpvsState(table.filter((e) => e.name === 'default/web:http'));
    const owned = (a: string) => a.startsWith('10.96.');
    expect(diffIpvs(current, want, owned)).toBe(
      [
        '-D -t 10.96.0.99:80',
        '-d -t 10.96.0.50:80 -r 10.244.9.9:8080',
        '-a -t 10.96.0.50:80 -r 10.244.2.7:8080 -m -w 1',
        '-a -t 10.96.0.50:80 -r 10.244.3.2:8080 -m -w 1',
        '',
      ].join('\n'),
    );
  });
});
