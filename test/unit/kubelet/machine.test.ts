/**
 * The Node a kubelet reports comes from its machine: a real machine's CPU count, MemTotal and
 * filesystem size, and pressure conditions from real signals (memory.available, nodefs.available).
 */
import { cpus } from 'node:os';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseQuantity } from '../../../src-cluster/api/quantity';
import {
  HostMachine,
  meminfoBytes,
  prettyName,
} from '../../../src-cluster/kubelet/machine/host-machine';
import type { EvictionSignals, Machine } from '../../../src-cluster/kubelet/machine/machine';
import { SimMachine } from '../../../src-cluster/kubelet/machine/sim-machine';
import { computeNodeStatus, type NodeConfig } from '../../../src-cluster/kubelet/node-status';

const MEMINFO = `MemTotal:       24684084 kB
MemFree:        23930072 kB
MemAvailable:     102400 kB
`;

describe('HostMachine', () => {
  it('parses /proc/meminfo and os-release', () => {
    expect(meminfoBytes(MEMINFO, 'MemTotal')).toBe(24684084 * 1024);
    expect(meminfoBytes(MEMINFO, 'MemAvailable')).toBe(102400 * 1024);
    expect(meminfoBytes(MEMINFO, 'SwapTotal')).toBeUndefined();
    expect(prettyName('NAME="Debian"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n')).toBe(
      'Debian GNU/Linux 12 (bookworm)',
    );
  });

  it('reports this machine: CPU count, MemTotal, machine id, and a real nodefs', () => {
    const m = new HostMachine({ rootDir: '/' });
    const f = m.facts();
    expect(f.cpu).toBe(String(cpus().length));
    const total = meminfoBytes(readFileSync('/proc/meminfo', 'utf8'), 'MemTotal')!;
    expect(f.memoryBytes).toBe(total);
    expect(f.ephemeralStorageBytes).toBeGreaterThan(0);
    expect(f.machineID).toMatch(/^[0-9a-f]{32}$/);
    expect(f.systemUUID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    const s = m.signals();
    expect(s.memoryAvailableBytes).toBeGreaterThan(0);
    expect(s.memoryAvailableBytes).toBeLessThanOrEqual(total);
    expect(s.nodefsAvailableBytes).toBeLessThanOrEqual(s.nodefsCapacityBytes);
  });

  it('measures memory.available itself rather than trusting container stats', () => {
    const m = new HostMachine({
      rootDir: '/',
      read: (p) => (p === '/proc/meminfo' ? MEMINFO : ''),
    });
    expect(m.signals().memoryAvailableBytes).toBe(102400 * 1024);
    expect(m.facts().osImage).toBe('Linux');
  });
});

function config(machine: Machine = new SimMachine('w1', { cpu: '2', memory: '2Gi' })): NodeConfig {
  return {
    nodeName: 'w1',
    role: 'worker',
    nodeIP: '10.0.0.2',
    machine: machine.facts(),
    maxPods: 110,
    reserved: { cpu: '100m' },
    evictionHardMemory: '100Mi',
    registerWithTaints: [],
    streamingPort: 10250,
    architecture: 'amd64',
  };
}

function status(signals: EvictionSignals, cfg = config()) {
  return computeNodeStatus(
    cfg,
    { runtimeUp: true, runtimeVersion: 'containerd://1.6.20', signals, images: [] },
    [],
    Date.parse('2026-11-25T00:00:00Z'),
    'boot',
  );
}

const GiB = 1024 ** 3;
const condition = (s: ReturnType<typeof status>, type: string) =>
  s.conditions!.find((c) => c.type === type)!;

describe('node status from the machine', () => {
  it('capacity and allocatable: reservations and hard eviction thresholds subtracted', () => {
    const s = status({
      memoryAvailableBytes: GiB,
      nodefsAvailableBytes: 10 * GiB,
      nodefsCapacityBytes: 20 * GiB,
    });
    expect(s.capacity).toMatchObject({ cpu: '2', memory: `${2 * 1024 * 1024}Ki`, pods: '110' });
    expect(s.allocatable!.cpu).toBe('1900m');
    expect(parseQuantity(s.allocatable!.memory!).value()).toBe(2 * GiB - 100 * 1024 ** 2);
    expect(parseQuantity(s.allocatable!['ephemeral-storage']!).value()).toBe(
      Math.floor(20 * GiB * 0.9),
    );
  });

  it('MemoryPressure when memory.available falls under 100Mi', () => {
    const ok = status({
      memoryAvailableBytes: 101 * 1024 ** 2,
      nodefsAvailableBytes: 5 * GiB,
      nodefsCapacityBytes: 20 * GiB,
    });
    expect(condition(ok, 'MemoryPressure')).toMatchObject({
      status: 'False',
      reason: 'KubeletHasSufficientMemory',
    });
    const low = status({
      memoryAvailableBytes: 99 * 1024 ** 2,
      nodefsAvailableBytes: 5 * GiB,
      nodefsCapacityBytes: 20 * GiB,
    });
    expect(condition(low, 'MemoryPressure')).toMatchObject({
      status: 'True',
      reason: 'KubeletHasInsufficientMemory',
    });
  });

  it('DiskPressure when nodefs.available falls under 10%', () => {
    const low = status({
      memoryAvailableBytes: GiB,
      nodefsAvailableBytes: 1.9 * GiB,
      nodefsCapacityBytes: 20 * GiB,
    });
    expect(condition(low, 'DiskPressure')).toMatchObject({
      status: 'True',
      reason: 'KubeletHasDiskPressure',
      message: 'kubelet has disk pressure',
    });
    const ok = status({
      memoryAvailableBytes: GiB,
      nodefsAvailableBytes: 2.1 * GiB,
      nodefsCapacityBytes: 20 * GiB,
    });
    expect(condition(ok, 'DiskPressure').status).toBe('False');
  });

  it('nodeInfo carries the real kernel and ids on a host machine', () => {
    const host = new HostMachine({ rootDir: '/' });
    const s = status(host.signals(), config(host));
    expect(s.nodeInfo!.kernelVersion).not.toContain('kubelab-sim');
    expect(s.nodeInfo!.machineID).toBe(readFileSync('/etc/machine-id', 'utf8').trim());
  });

  it('a sim node is put under MemoryPressure by what its containers use', () => {
    const m = new SimMachine('w1', { cpu: '1', memory: '1Gi' });
    expect(m.signals(GiB - 50 * 1024 ** 2).memoryAvailableBytes).toBe(50 * 1024 ** 2);
  });
});
