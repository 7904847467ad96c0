/**
 * API clients for the no-VM cluster's components. Each component gets its own connection pool and
 * authenticates with the cluster's admin certificate over HTTPS, as in VM mode (per-component
 * certificates arrive with the kubeadm-like PKI). Every request is a trace event in the ring.
 */
import type { Clock } from '../../../src-shared/util/clock';
import type { TraceSink } from '../../../src-shared/trace';
import { ApiClient } from '../../client';
import type { Pki } from '../../admin/pki';
import { KillableTransport } from './killable-transport';

export interface ComponentClient {
  client: ApiClient;
  transport: KillableTransport;
}

export function componentClient(
  server: string,
  pki: Pki,
  component: string,
  deps: { clock: Clock; trace: TraceSink },
): ComponentClient {
  const transport = new KillableTransport(
    { server, ca: pki.caCert, cert: pki.adminCert, key: pki.adminKey },
    component,
  );
  const client = new ApiClient({ transport, component, clock: deps.clock, trace: deps.trace });
  return { client, transport };
}
