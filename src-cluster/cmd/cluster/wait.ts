/**
 * Waiting for the cluster to converge during start-up: polls the API (through the admin client)
 * until a condition holds, reporting what it is still waiting on so `kubelab up` can show it.
 * Start-up waits are wall-clock by nature (they wait for real I/O), with a deadline.
 */
import type { Node } from 'kubernetes-types/core/v1';
import { RESOURCES } from '../../api/resources';
import type { ApiClient } from '../../client';

const NODES = RESOURCES.find((r) => r.resource === 'nodes')!;

export class StartupTimeoutError extends Error {}

export function nodeReady(n: Node): boolean {
  return n.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
}

export async function waitForNodesReady(
  client: ApiClient,
  names: string[],
  opts: { timeoutMs?: number; onProgress?: (notReady: string[]) => void } = {},
): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  let last = '';
  for (;;) {
    let notReady = names;
    try {
      const nodes = (await client.resource<Node>(NODES).list()).items;
      const ready = new Set(nodes.filter(nodeReady).map((n) => n.metadata!.name!));
      notReady = names.filter((n) => !ready.has(n));
    } catch {
      // The API may be briefly unreachable while masters start; keep waiting.
    }
    if (notReady.length === 0) return;
    const key = notReady.join(',');
    if (key !== last) opts.onProgress?.(notReady);
    last = key;
    if (Date.now() > deadline) {
      throw new StartupTimeoutError(`nodes not Ready in time: ${notReady.join(', ')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
