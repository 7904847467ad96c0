/**
 * Kubernetes resources → CRI LinuxContainerResources, with upstream's arithmetic
 * (pkg/kubelet/cm/helpers_linux.go). Pure: no containerd needed.
 */
import { describe, expect, it } from 'vitest';
import { linuxResources } from '../../../src-cluster/kubelet/resources';

describe('linuxResources', () => {
  it('maps cpu request to shares, cpu limit to quota over 100 ms, memory limit to bytes', () => {
    expect(
      linuxResources({ requests: { cpu: '250m' }, limits: { cpu: '500m', memory: '64Mi' } }),
    ).toEqual({
      cpuShares: '256',
      cpuPeriod: '100000',
      cpuQuota: '50000',
      memoryLimitInBytes: '67108864',
    });
  });

  it('takes the limit as the request when only a limit is set, and keeps the minimums', () => {
    expect(linuxResources({ limits: { cpu: '1' } })).toEqual({
      cpuShares: '1024',
      cpuPeriod: '100000',
      cpuQuota: '100000',
    });
    // 1m of cpu: shares at least 2, quota at least 1 ms.
    expect(linuxResources({ limits: { cpu: '1m' } })).toEqual({
      cpuShares: '2',
      cpuPeriod: '100000',
      cpuQuota: '1000',
    });
  });

  it('gives a best-effort container the minimum shares and no limits', () => {
    expect(linuxResources(undefined)).toEqual({ cpuShares: '2' });
    expect(linuxResources({ limits: { memory: '1G' } })).toEqual({
      cpuShares: '2',
      memoryLimitInBytes: '1000000000',
    });
  });
});
