/**
 * What a Service's selector turns into, shared by the Endpoints and EndpointSlice controllers
 * (k8s-internals §4.5): the pods it selects (same namespace, labels match, an IP, not finished),
 * whether each may receive traffic, and which port numbers the Service's targetPorts mean on each
 * pod — a named targetPort is looked up among that pod's container ports, so two pods may serve
 * one Service port on different numbers.
 */
import type { Pod, Service, ServicePort } from 'kubernetes-types/core/v1';
import type { Lister } from '../../client';
import { selectorFromSet } from '../../api/selectors';
import { isPodReady, isPodTerminal, isPodTerminating } from './pod-readiness';

/** One Service port as served by one pod. */
export interface ResolvedPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

/** A selected pod as an endpoint. */
export interface PodEndpoint {
  pod: Pod;
  ip: string;
  /** May receive new connections: Ready and not terminating (or publishNotReadyAddresses). */
  ready: boolean;
  /** Ready by its probes, terminating or not (EndpointSlice's `serving`). */
  serving: boolean;
  terminating: boolean;
  /** The Service's ports this pod serves; ports whose named targetPort it lacks are left out. */
  ports: ResolvedPort[];
}

/** True when the Service selects pods (a Service without a selector has hand-made endpoints). */
export function hasSelector(svc: Service): boolean {
  return !!svc.spec?.selector && Object.keys(svc.spec.selector).length > 0;
}

/** The port number a Service port's targetPort means on pod, or undefined if it has none. */
export function resolveTargetPort(sp: ServicePort, pod: Pod): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = sp.protocol ?? 'TCP';
  for (const c of pod.spec?.containers ?? []) {
    for (const cp of c.ports ?? []) {
      if (cp.name === target && (cp.protocol ?? 'TCP') === protocol) return cp.containerPort;
    }
  }
  return undefined;
}

/** The pods a Service's selector picks, as endpoints, in a stable order (by IP, then name). */
export function serviceEndpoints(
  svc: Service,
  pods: Lister<Pod>,
  opts: { includeTerminating: boolean },
): PodEndpoint[] {
  if (!hasSelector(svc)) return [];
  const selector = selectorFromSet(svc.spec!.selector);
  const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
  const out: PodEndpoint[] = [];
  for (const pod of pods.list({ namespace: svc.metadata!.namespace })) {
    if (!selector.matches(pod.metadata?.labels)) continue;
    const ip = pod.status?.podIP;
    if (!ip || isPodTerminal(pod)) continue;
    const terminating = isPodTerminating(pod);
    if (terminating && !opts.includeTerminating && !publishNotReady) continue;
    const ports: ResolvedPort[] = [];
    for (const sp of svc.spec?.ports ?? []) {
      const port = resolveTargetPort(sp, pod);
      if (port === undefined) continue;
      ports.push({
        ...(sp.name ? { name: sp.name } : {}),
        port,
        protocol: sp.protocol ?? 'TCP',
        ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}),
      });
    }
    // A pod that serves none of the Service's ports is no endpoint of it.
    if ((svc.spec?.ports ?? []).length > 0 && ports.length === 0) continue;
    const serving = isPodReady(pod) || publishNotReady;
    out.push({
      pod,
      ip,
      ready: serving && (!terminating || publishNotReady),
      serving,
      terminating,
      ports,
    });
  }
  return out.sort((a, b) =>
    a.ip === b.ip
      ? a.pod.metadata!.name!.localeCompare(b.pod.metadata!.name!)
      : a.ip.localeCompare(b.ip),
  );
}

/** A canonical string for a port list, to group endpoints that serve the same ports. */
export function portsKey(ports: readonly ResolvedPort[]): string {
  return JSON.stringify(
    [...ports]
      .map((p) => [p.name ?? '', p.port, p.protocol, p.appProtocol ?? ''])
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
  );
}

/** Keys of the Services in pod's namespace that select it (old labels too, on an update). */
export function servicesSelecting(services: Lister<Service>, ...pods: Pod[]): Set<string> {
  const keys = new Set<string>();
  const ns = pods[0]?.metadata?.namespace;
  if (!ns) return keys;
  for (const svc of services.list({ namespace: ns })) {
    if (!hasSelector(svc)) continue;
    const sel = selectorFromSet(svc.spec!.selector);
    if (pods.some((p) => sel.matches(p.metadata?.labels))) keys.add(`${ns}/${svc.metadata!.name}`);
  }
  return keys;
}
