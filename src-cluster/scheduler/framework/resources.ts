/**
 * Resource arithmetic the scheduler needs: what a pod asks for, and what a node offers. CPU is in
 * millicores, everything else in plain units (bytes, counts), all as JS numbers — exact for every
 * realistic quantity (2^53 bytes is 8 PiB).
 */
import type { Container, Node, Pod } from 'kubernetes-types/core/v1';
import { parseQuantity } from '../../api/quantity';

/** Requests or capacity. `scalar` holds extended resources (nvidia.com/gpu, hugepages-2Mi …). */
export interface Resource {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  /** Only meaningful for a node's allocatable: how many pods it accepts. */
  allowedPods: number;
  scalar: Map<string, number>;
}

/**
 * Requests with upstream's non-zero defaults: a container that requests nothing still counts as
 * 100m CPU and 200Mi memory when *scoring*, so best-effort pods do not all pile onto one node.
 * Filtering never uses these.
 */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export function emptyResource(): Resource {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, allowedPods: 0, scalar: new Map() };
}

type ResourceMap = Readonly<Record<string, unknown>> | undefined;

function quantity(v: unknown, milli: boolean): number {
  if (v === undefined || v === null) return 0;
  try {
    const q = parseQuantity(v as string | number);
    return milli ? q.milliValue() : q.value();
  } catch {
    return 0; // validation rejects bad quantities; a stray one must not crash the scheduler
  }
}

/** Adds a requests/allocatable map into r. */
function addMap(r: Resource, map: ResourceMap): void {
  if (!map) return;
  for (const [name, v] of Object.entries(map)) {
    switch (name) {
      case 'cpu':
        r.milliCPU += quantity(v, true);
        break;
      case 'memory':
        r.memory += quantity(v, false);
        break;
      case 'ephemeral-storage':
        r.ephemeralStorage += quantity(v, false);
        break;
      case 'pods':
        r.allowedPods += quantity(v, false);
        break;
      default:
        r.scalar.set(name, (r.scalar.get(name) ?? 0) + quantity(v, false));
    }
  }
}

function maxInto(r: Resource, o: Resource): void {
  r.milliCPU = Math.max(r.milliCPU, o.milliCPU);
  r.memory = Math.max(r.memory, o.memory);
  r.ephemeralStorage = Math.max(r.ephemeralStorage, o.ephemeralStorage);
  for (const [k, v] of o.scalar) r.scalar.set(k, Math.max(r.scalar.get(k) ?? 0, v));
}

export function addInto(r: Resource, o: Resource, sign = 1): void {
  r.milliCPU += sign * o.milliCPU;
  r.memory += sign * o.memory;
  r.ephemeralStorage += sign * o.ephemeralStorage;
  for (const [k, v] of o.scalar) r.scalar.set(k, (r.scalar.get(k) ?? 0) + sign * v);
}

function containerRequests(c: Container, nonZero: boolean): Resource {
  const r = emptyResource();
  addMap(r, c.resources?.requests as ResourceMap);
  if (nonZero) {
    const req = (c.resources?.requests ?? {}) as Record<string, unknown>;
    if (req.cpu === undefined) r.milliCPU = DEFAULT_MILLI_CPU_REQUEST;
    if (req.memory === undefined) r.memory = DEFAULT_MEMORY_REQUEST;
  }
  return r;
}

/**
 * What a pod occupies on a node: the larger of (sum of app containers + sidecars) and (the
 * largest init container, plus the sidecars started before it), plus the RuntimeClass overhead.
 * Init containers run one at a time, so only the biggest one matters; sidecars (init containers
 * with restartPolicy Always) keep running, so they add up.
 */
export function podRequests(pod: Pod, nonZero = false): Resource {
  const total = emptyResource();
  for (const c of pod.spec?.containers ?? []) addInto(total, containerRequests(c, nonZero));
  const initMax = emptyResource();
  const sidecars = emptyResource();
  for (const c of pod.spec?.initContainers ?? []) {
    const r = containerRequests(c, nonZero);
    if (c.restartPolicy === 'Always') {
      addInto(sidecars, r);
      addInto(total, r);
    } else {
      const withSidecars = emptyResource();
      addInto(withSidecars, sidecars);
      addInto(withSidecars, r);
      maxInto(initMax, withSidecars);
    }
  }
  maxInto(total, initMax);
  addMap(total, pod.spec?.overhead as ResourceMap);
  return total;
}

/** A node's allocatable (falls back to capacity when status.allocatable is missing). */
export function nodeAllocatable(node: Node): Resource {
  const r = emptyResource();
  addMap(r, (node.status?.allocatable ?? node.status?.capacity) as ResourceMap);
  return r;
}
