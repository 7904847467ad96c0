/**
 * The seam between kube-proxy's control loop and whatever programs the data path (k8s-internals
 * §6). The proxy watches Services and EndpointSlices through the API and hands the whole current
 * set to the backend on every sync; the backend turns it into rules (iptables chains, IPVS virtual
 * servers, or the in-memory table the sim backend keeps for no-VM mode).
 *
 * Contract:
 * - `syncRules` receives the complete desired state, never a delta: a backend may rebuild from
 *   scratch or diff against what it programmed last, but must end up exactly matching the input
 *   (a Service missing from the input has no rules afterwards).
 * - The arrays and the objects in them are the informer's frozen cache: read them, never mutate.
 * - `syncRules` may be slow (iptables-restore); the proxy never calls it concurrently with itself.
 * - A thrown error means the rules may be partially applied; the proxy retries on the next sync.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';

export interface ProxyBackend {
  /** "sim", "iptables", "ipvs": shown in traces and `kubelab status`. */
  readonly name: string;
  syncRules(
    services: readonly Service[],
    endpointSlices: readonly EndpointSlice[],
  ): void | Promise<void>;
}
