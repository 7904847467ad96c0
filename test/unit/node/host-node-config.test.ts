/**
 * The host node's pure parts: the requirement check's messages, the containerd config and CNI
 * conflist it writes, the node name it picks, and the restore text that removes kube-proxy's rules.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostNodeName } from '../../../src-cluster/cmd/cluster/host-node-instance';
import {
  cniConflist,
  containerdConfigToml,
  containerdPaths,
  gatewayOf,
} from '../../../src-cluster/node/containerd-config';
import { firewallRules } from '../../../src-cluster/node/host-firewall';
import { lockMachine, unlockMachine } from '../../../src-cluster/node/machine-lock';
import { hostNodeMissing, type MachineFacts } from '../../../src-cluster/node/requirements';
import { cleanupInput } from '../../../src-cluster/proxy/iptables/cleanup';

const machine = (over: Partial<MachineFacts> = {}): MachineFacts => ({
  platform: 'linux',
  uid: 0,
  exists: () => true,
  busyboxStatic: () => true,
  ...over,
});

describe('hostNodeMissing', () => {
  it('accepts a Linux root machine with every package', () => {
    expect(hostNodeMissing(machine())).toBeUndefined();
  });
  it('names the platform, root and each missing package with the command that installs it', () => {
    expect(hostNodeMissing(machine({ platform: 'darwin' }))).toMatch(/needs Linux.*darwin/);
    const why = hostNodeMissing(
      machine({ uid: 1000, exists: (p) => !/containerd|runc|cni/.test(p) }),
    );
    expect(why).toContain('must run as root');
    expect(why).toContain(
      'missing packages: apt-get install -y containerd runc containernetworking-plugins',
    );
    expect(hostNodeMissing(machine({ busyboxStatic: () => false }))).toContain('busybox-static');
  });
});

describe('containerd config and CNI conflist', () => {
  it('keeps everything under the data dir and sets what this machine needs', () => {
    const toml = containerdConfigToml(containerdPaths('/d/host-node'));
    expect(toml).toContain('root = "/d/host-node/root"');
    expect(toml).toContain('address = "/d/host-node/containerd.sock"');
    expect(toml).toContain('sandbox_image = "localhost/kubelab/pause:1"');
    expect(toml).toContain('restrict_oom_score_adj = true');
    expect(toml).toContain('SystemdCgroup = false');
    expect(toml).toContain('conf_dir = "/d/host-node/cni/net.d"');
  });
  it('gives the bridge the first address of the pod CIDR', () => {
    const c = JSON.parse(
      cniConflist({ bridge: 'kubelab0', podCIDR: '10.244.3.0/24', ipamDir: '/d/ipam' }),
    );
    expect(c.plugins.map((p: { type: string }) => p.type)).toEqual([
      'bridge',
      'portmap',
      'loopback',
    ]);
    expect(c.plugins[0].ipam.ranges).toEqual([
      [{ subnet: '10.244.3.0/24', gateway: '10.244.3.1' }],
    ]);
    expect(gatewayOf('10.244.16.0/20')).toBe('10.244.16.1');
    expect(() => gatewayOf('10.244.3.0/31')).toThrow(/not an IPv4 network/);
  });
});

describe('hostNodeName', () => {
  it('uses the hostname, made DNS-safe, prefixed when a sim node has that name', () => {
    expect(hostNodeName('My_Laptop.local', [])).toBe('my-laptop-local');
    expect(hostNodeName('worker-1', ['master-1', 'worker-1'])).toBe('host-worker-1');
  });
});

describe('cleanupInput', () => {
  it('empties and deletes KUBE-* chains and deletes only the jumps into them', () => {
    const save = [
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':POSTROUTING ACCEPT [0:0]',
      ':KUBE-SERVICES - [0:0]',
      ':KUBE-POSTROUTING - [0:0]',
      ':CNI-HOSTPORT-DNAT - [0:0]',
      '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A OUTPUT -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT',
      '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
      '-A KUBE-SERVICES -j KUBE-POSTROUTING',
      'COMMIT',
    ].join('\n');
    expect(cleanupInput('nat', save)).toBe(
      [
        '*nat',
        ':KUBE-SERVICES - [0:0]',
        ':KUBE-POSTROUTING - [0:0]',
        '-D PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
        '-D POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
        '-X KUBE-SERVICES',
        '-X KUBE-POSTROUTING',
        'COMMIT',
        '',
      ].join('\n'),
    );
    expect(cleanupInput('filter', '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n')).toBeUndefined();
  });
});

describe('machine lock', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'kl-lock-')), 'lock.json');
  it('refuses a second live host node from another data dir, naming it', () => {
    writeFileSync(file, JSON.stringify({ pid: process.ppid, dataDir: '/a/host-node' }));
    expect(() => lockMachine('/b/host-node', file)).toThrow(
      /another kubelab host node runs on this machine \(data dir \/a\/host-node.*kubelab down --data-dir \/a\/host-node/,
    );
  });
  it('takes over from a dead holder and says which data dir it was', () => {
    const dead = spawnSync('true').pid!;
    writeFileSync(file, JSON.stringify({ pid: dead, dataDir: '/a/host-node' }));
    expect(lockMachine('/b/host-node', file)).toBe('/a/host-node');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      pid: process.pid,
      dataDir: '/b/host-node',
    });
    unlockMachine('/a/host-node', file);
    expect(existsSync(file)).toBe(true);
    unlockMachine('/b/host-node', file);
    expect(existsSync(file)).toBe(false);
  });
});

describe('firewallRules', () => {
  it('lets only the node reach the kubelet port and only the node and pods the DNS port', () => {
    const text = firewallRules({
      nodeIP: '192.0.2.2',
      kubeletPort: 41000,
      dnsPort: 10053,
      clusterCIDR: '10.244.0.0/16',
    });
    const rules = text.split('\n').filter((l) => l.startsWith('-A'));
    expect(rules.filter((l) => l.includes('--dport 41000'))).toEqual([
      '-A KUBELAB-HOST-NODE -p tcp --dport 41000 -s 192.0.2.2/32 -j RETURN',
      '-A KUBELAB-HOST-NODE -p tcp --dport 41000 -s 127.0.0.0/8 -j RETURN',
      '-A KUBELAB-HOST-NODE -p tcp --dport 41000 -j REJECT --reject-with tcp-reset',
    ]);
    expect(rules.filter((l) => l.includes('-p udp --dport 10053'))).toEqual([
      '-A KUBELAB-HOST-NODE -p udp --dport 10053 -s 192.0.2.2/32 -j RETURN',
      '-A KUBELAB-HOST-NODE -p udp --dport 10053 -s 127.0.0.0/8 -j RETURN',
      '-A KUBELAB-HOST-NODE -p udp --dport 10053 -s 10.244.0.0/16 -j RETURN',
      '-A KUBELAB-HOST-NODE -p udp --dport 10053 -j REJECT',
    ]);
    expect(text.startsWith('*filter\n:KUBELAB-HOST-NODE - [0:0]\n')).toBe(true);
  });
});
