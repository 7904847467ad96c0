/**
 * Controllers that `kubelab apiserver` can run beside the API server (`--controllers`), talking to
 * it through the API client over HTTPS like any other component. The full controller manager
 * (`kubelab up`) runs them all; this keeps a lone API server usable, e.g. namespace deletion
 * completing.
 */
import { realClock } from '../../src-shared/util/clock';
import { ApiClient, HttpTransport, SharedInformerFactory } from '../client';
import type { HttpTransportOptions } from '../client';
import { NamespaceController } from '../controllers/namespace/namespace-controller';
import { FlagError } from './flags';

export const IN_PROCESS_CONTROLLERS = ['namespace'] as const;

export function startControllers(
  names: string[],
  transport: HttpTransportOptions,
): { stop(): Promise<void> } {
  for (const n of names) {
    if (!(IN_PROCESS_CONTROLLERS as readonly string[]).includes(n)) {
      throw new FlagError(
        `unknown controller "${n}" (available: ${IN_PROCESS_CONTROLLERS.join(', ')})`,
      );
    }
  }
  const ac = new AbortController();
  const http = new HttpTransport(transport);
  const client = new ApiClient({ transport: http, component: 'kube-controller-manager' });
  const factory = new SharedInformerFactory(client, { clock: realClock });
  const runs: Promise<void>[] = [];
  if (names.includes('namespace')) {
    const c = new NamespaceController(client, factory, realClock);
    factory.start(ac.signal);
    runs.push(c.run(ac.signal, 2));
  }
  return {
    async stop() {
      ac.abort();
      await Promise.allSettled(runs);
      await factory.shutdown();
      http.close();
    },
  };
}
