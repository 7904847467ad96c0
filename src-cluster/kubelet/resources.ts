/**
 * A container's Kubernetes resources as CRI LinuxContainerResources, with upstream's arithmetic
 * (pkg/kubelet/cm/helpers_linux.go): cpu request → cpu.shares (1024 per core, at least 2), cpu limit →
 * CFS quota over a 100 ms period (at least 1 ms), memory limit → memory.limit_in_bytes. Pure, so the
 * kubelet (or anything else building a ContainerConfig) can use it without a runtime.
 */
import type { ResourceRequirements } from 'kubernetes-types/core/v1';
import { parseQuantity } from '../api/quantity';
import type { LinuxContainerResources } from './cri/runtime-service';

export const CPU_PERIOD_US = 100_000;
const MIN_SHARES = 2;
const SHARES_PER_CPU = 1024;
const MIN_QUOTA_US = 1_000;

function milli(q: string | undefined): number | undefined {
  if (q === undefined) return undefined;
  try {
    return parseQuantity(q).milliValue();
  } catch {
    return undefined;
  }
}

export function linuxResources(r: ResourceRequirements | undefined): LinuxContainerResources {
  const out: LinuxContainerResources = {};
  const cpuLimit = milli(r?.limits?.cpu as string | undefined);
  // As upstream: no request but a limit means request = limit (defaulting did it on the API side).
  const cpuRequest = milli(r?.requests?.cpu as string | undefined) ?? cpuLimit;
  out.cpuShares = String(
    cpuRequest === undefined
      ? MIN_SHARES
      : Math.max(MIN_SHARES, Math.floor((cpuRequest * SHARES_PER_CPU) / 1000)),
  );
  if (cpuLimit !== undefined && cpuLimit > 0) {
    out.cpuPeriod = String(CPU_PERIOD_US);
    out.cpuQuota = String(Math.max(MIN_QUOTA_US, Math.floor((cpuLimit * CPU_PERIOD_US) / 1000)));
  }
  const mem = r?.limits?.memory as string | undefined;
  if (mem !== undefined) {
    try {
      out.memoryLimitInBytes = String(parseQuantity(mem).value());
    } catch {
      // Validated by the API server; an unparseable value means "no limit" here.
    }
  }
  return out;
}
