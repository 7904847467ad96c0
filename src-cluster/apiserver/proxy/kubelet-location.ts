/**
 * Where a pod's log/exec/attach request goes: the pod must be bound (spec.nodeName), the container
 * resolved (defaulted when the pod has exactly one), and the kubelet reached at the node's address
 * (node.status.addresses, by preference) and port (node.status.daemonEndpoints.kubeletEndpoint.Port).
 * Messages follow upstream's pod REST storage so kubectl prints the familiar errors.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { ApiStatusError, badRequest } from '../status';

/** How the API server reaches pods and nodes, and kubelets. */
export interface ProxyContext {
  /** Throws the registry's ApiStatusError (404) for a missing pod. */
  getPod(namespace: string, name: string): Promise<Pod>;
  getNode(name: string): Promise<Node>;
  kubelet?: KubeletClientOptions;
}

export interface KubeletClientOptions {
  /** Default 'http' (the embedded kubelet); VM-mode kubelets serve https. */
  scheme?: 'http' | 'https';
  /** TLS material for https (the API server's kubelet client certificate and the kubelet CA). */
  ca?: string;
  cert?: string;
  key?: string;
  /** Upstream --kubelet-preferred-address-types. */
  preferredAddressTypes?: string[];
}

export const DEFAULT_ADDRESS_TYPES = [
  'InternalIP',
  'Hostname',
  'InternalDNS',
  'ExternalDNS',
  'ExternalIP',
];
export const DEFAULT_KUBELET_PORT = 10250;

export type PodSubresource = 'log' | 'exec' | 'attach';

export interface KubeletLocation {
  scheme: 'http' | 'https';
  host: string;
  port: number;
  container: string;
  nodeName: string;
}

function names(list: { name: string }[] | undefined): string[] {
  return (list ?? []).map((c) => c.name);
}

/** Resolves the container name like upstream's validateContainer. */
export function resolveContainer(pod: Pod, requested: string | null): string {
  const podName = pod.metadata?.name ?? '';
  const spec = pod.spec;
  const regular = names(spec?.containers);
  const init = names(spec?.initContainers);
  const ephemeral = names(spec?.ephemeralContainers);
  if (!requested) {
    if (regular.length === 1) return regular[0]!;
    let msg = `a container name must be specified for pod ${podName}, choose one of: [${regular.join(' ')}]`;
    if (init.length) msg += ` or one of the init containers: [${init.join(' ')}]`;
    if (ephemeral.length) msg += ` or one of the ephemeral containers: [${ephemeral.join(' ')}]`;
    throw badRequest(msg);
  }
  if ([...regular, ...init, ...ephemeral].includes(requested)) return requested;
  throw badRequest(`container ${requested} is not valid for pod ${podName}`);
}

function hostOf(node: Node, preferred: string[]): string | undefined {
  const addresses = node.status?.addresses ?? [];
  for (const type of preferred) {
    const found = addresses.find((a) => a.type === type && a.address);
    if (found) return found.address;
  }
  return undefined;
}

export async function locateKubelet(
  ctx: ProxyContext,
  namespace: string,
  podName: string,
  subresource: PodSubresource,
  container: string | null,
): Promise<KubeletLocation> {
  const pod = await ctx.getPod(namespace, podName);
  const resolved = resolveContainer(pod, container);
  const phase = pod.status?.phase;
  if (subresource !== 'log' && (phase === 'Succeeded' || phase === 'Failed')) {
    throw badRequest(
      `cannot ${subresource} into a container in a completed pod; current phase is ${phase}`,
    );
  }
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) throw badRequest(`pod ${podName} does not have a host assigned`);
  const node = await ctx.getNode(nodeName);
  const preferred = ctx.kubelet?.preferredAddressTypes ?? DEFAULT_ADDRESS_TYPES;
  const host = hostOf(node, preferred);
  if (!host) {
    throw new ApiStatusError(
      500,
      'InternalError',
      `no preferred addresses found; known addresses: [${(node.status?.addresses ?? []).map((a) => `{${a.type} ${a.address}}`).join(' ')}]`,
    );
  }
  const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port || DEFAULT_KUBELET_PORT;
  return { scheme: ctx.kubelet?.scheme ?? 'http', host, port, container: resolved, nodeName };
}
