/** Helpers for the no-VM cluster tests: resource handles, polling, and test objects. */
import type { Pod, Service } from 'kubernetes-types/core/v1';
import { RESOURCES } from '../../../src-cluster/api/resources';
import type { ApiClient } from '../../../src-cluster/client';

export const res = (resource: string, group = '') =>
  RESOURCES.find((r) => r.resource === resource && r.group === group)!;

/** Polls an async check until it returns a value (real time only bounds the wait). */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      lastErr = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${lastErr ? `: ${String(lastErr)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function pods(client: ApiClient, ns = 'default') {
  return client.resource<Pod>(res('pods')).namespace(ns);
}

export function services(client: ApiClient, ns = 'default') {
  return client.resource<Service>(res('services')).namespace(ns);
}

/** The seed article's container: nginx-like, requests cpu 100m / memory 128Mi, ready on :80. */
export function webContainer() {
  return {
    name: 'web',
    image: 'nginx:1.27',
    ports: [{ containerPort: 80, name: 'http' }],
    resources: { requests: { cpu: '100m', memory: '128Mi' } },
  };
}

export function webPod(name: string, nodeName?: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'web' } },
    spec: { ...(nodeName ? { nodeName } : {}), containers: [webContainer()] },
  };
}

export const running = (p: Pod) => p.status?.phase === 'Running';
export const readyPod = (p: Pod) =>
  p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
