/**
 * kube-proxy's composition root: one KubeProxy per node, talking to the API through the given
 * client. Without a backend it uses the sim backend (no-VM mode); the iptables and ipvs backends
 * plug into the same `backend` option.
 */
import type { Clock } from '../../src-shared/util/clock';
import type { TraceSink } from '../../src-shared/trace';
import type { ApiClient } from '../client';
import type { ProxyBackend } from '../proxy/backend';
import { KubeProxy } from '../proxy/kube-proxy';
import { SimProxyBackend } from '../proxy/sim/sim-backend';

export interface StartProxyOptions {
  client: ApiClient;
  nodeName: string;
  backend?: ProxyBackend;
  clock?: Clock;
  trace?: TraceSink;
  minSyncPeriodMs?: number;
}

export interface RunningProxy {
  nodeName: string;
  backend: ProxyBackend;
  healthy(): boolean;
  stop(): Promise<void>;
}

/** Starts kube-proxy; resolves once its caches synced and the first rules are programmed. */
export async function startProxy(opts: StartProxyOptions): Promise<RunningProxy> {
  const backend = opts.backend ?? new SimProxyBackend();
  const proxy = new KubeProxy({ ...opts, backend });
  await proxy.start();
  return {
    nodeName: opts.nodeName,
    backend,
    healthy: () => proxy.healthy(),
    stop: () => proxy.stop(),
  };
}
