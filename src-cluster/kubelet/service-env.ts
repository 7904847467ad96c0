/**
 * Docker-link style environment variables for Services (upstream's envvars.FromServices), which
 * every container gets: always those of the `kubernetes` Service in `default` (so in-cluster
 * clients find the API server), plus every Service of the pod's namespace when
 * `enableServiceLinks` (the default). For a Service `my-svc` at 10.96.0.20 with first port 80/TCP
 * named http:
 *
 *   MY_SVC_SERVICE_HOST=10.96.0.20   MY_SVC_SERVICE_PORT=80   MY_SVC_SERVICE_PORT_HTTP=80
 *   MY_SVC_PORT=tcp://10.96.0.20:80  MY_SVC_PORT_80_TCP=tcp://10.96.0.20:80
 *   MY_SVC_PORT_80_TCP_PROTO=tcp     MY_SVC_PORT_80_TCP_PORT=80  MY_SVC_PORT_80_TCP_ADDR=10.96.0.20
 *
 * Headless and ExternalName Services (no cluster IP) get none. Pure.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { KeyValue } from './cri/runtime-service';

const MASTER_SERVICES = new Set(['kubernetes']);

const envName = (s: string) => s.toUpperCase().replace(/-/g, '_');

function ipSet(s: Service): boolean {
  const ip = s.spec?.clusterIP;
  return !!ip && ip !== 'None';
}

/** The Services whose variables a pod in `namespace` gets (by name; the namespace's own win). */
export function servicesForPod(
  services: Service[],
  namespace: string,
  enableServiceLinks: boolean,
): Service[] {
  const byName = new Map<string, Service>();
  for (const s of services) {
    if (!ipSet(s)) continue;
    const name = s.metadata?.name ?? '';
    const ns = s.metadata?.namespace ?? 'default';
    if (ns === 'default' && MASTER_SERVICES.has(name)) {
      if (!byName.has(name)) byName.set(name, s);
    } else if (ns === namespace && enableServiceLinks) byName.set(name, s);
  }
  return [...byName.values()];
}

export function serviceEnvVars(services: Service[]): KeyValue[] {
  const out: KeyValue[] = [];
  const add = (key: string, value: string) => out.push({ key, value });
  for (const s of services) {
    const name = envName(s.metadata?.name ?? '');
    const ip = s.spec!.clusterIP!;
    const ports = s.spec?.ports ?? [];
    const first = ports[0];
    if (!first) continue;
    add(`${name}_SERVICE_HOST`, ip);
    add(`${name}_SERVICE_PORT`, String(first.port));
    for (const p of ports)
      if (p.name) add(`${name}_SERVICE_PORT_${envName(p.name)}`, String(p.port));
    const url = (p: (typeof ports)[number]) =>
      `${(p.protocol ?? 'TCP').toLowerCase()}://${ip.includes(':') ? `[${ip}]` : ip}:${p.port}`;
    add(`${name}_PORT`, url(first));
    for (const p of ports) {
      const proto = p.protocol ?? 'TCP';
      const prefix = `${name}_PORT_${p.port}_${proto.toUpperCase()}`;
      add(prefix, url(p));
      add(`${prefix}_PROTO`, proto.toLowerCase());
      add(`${prefix}_PORT`, String(p.port));
      add(`${prefix}_ADDR`, ip);
    }
  }
  return out;
}
