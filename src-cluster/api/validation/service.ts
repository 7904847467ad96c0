/**
 * Service rules: name (DNS-1035), type and policy enums, ports (names, numbers, protocols,
 * targetPort, nodePort only where externally reachable), and on update the fixed cluster IP.
 */
import type { Service, ServicePort } from 'kubernetes-types/core/v1';
import type { FieldCause } from '../object';
import { validatePortRef, validateProtocol } from './container';
import { duplicate, forbidden, invalid, notSupported, required } from './errors';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isValidPortNum,
  nameIsDNS1035Label,
  validateLabels,
} from './names';

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const AFFINITIES = ['ClientIP', 'None'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const IP_FAMILY_POLICIES = ['SingleStack', 'PreferDualStack', 'RequireDualStack'];
const IP_FAMILIES = ['IPv4', 'IPv6'];
const IPV4_RE = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** True for a dotted IPv4 or a (loosely checked) IPv6 address. */
export function isIP(s: string): boolean {
  return (
    IPV4_RE.test(s) || (/^[0-9a-fA-F:]+$/.test(s) && s.includes(':') && s.split('::').length <= 2)
  );
}

function validatePorts(svc: Service, causes: FieldCause[]): void {
  const spec = svc.spec ?? {};
  const ports: ServicePort[] = spec.ports ?? [];
  const headless = spec.clusterIP === 'None';
  if (ports.length === 0 && spec.type !== 'ExternalName' && !headless) {
    causes.push(required('spec.ports'));
  }
  const external = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
  const names = new Set<string>();
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const f = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) causes.push(required(`${f}.name`));
    if (p.name) {
      for (const m of isDNS1123Label(p.name)) causes.push(invalid(`${f}.name`, p.name, m));
      if (names.has(p.name)) causes.push(duplicate(`${f}.name`, p.name));
      names.add(p.name);
    }
    for (const m of isValidPortNum(p.port)) causes.push(invalid(`${f}.port`, p.port, m));
    validateProtocol(causes, p.protocol, `${f}.protocol`);
    if (p.targetPort !== undefined && p.targetPort !== 0 && p.targetPort !== '') {
      validatePortRef(causes, p.targetPort, `${f}.targetPort`);
    }
    if (p.nodePort) {
      if (!external) {
        causes.push(
          forbidden(
            `${f}.nodePort`,
            `may not be used when \`type\` is '${spec.type ?? 'ClusterIP'}'`,
          ),
        );
      } else
        for (const m of isValidPortNum(p.nodePort))
          causes.push(invalid(`${f}.nodePort`, p.nodePort, m));
    }
    const key = `${p.port}/${p.protocol}`;
    if (seen.has(key)) causes.push(duplicate(f, { port: p.port, protocol: p.protocol }));
    seen.add(key);
  });
}

/** Validates a new Service. */
export function validateService(svc: Service): FieldCause[] {
  const causes = validateObjectMeta(svc.metadata, true, nameIsDNS1035Label);
  const spec = svc.spec ?? {};
  if (!spec.type) causes.push(required('spec.type'));
  else if (!SERVICE_TYPES.includes(spec.type))
    causes.push(notSupported('spec.type', spec.type, SERVICE_TYPES));
  if (spec.type === 'ExternalName') {
    if (!spec.externalName) causes.push(required('spec.externalName'));
    else
      for (const m of isDNS1123Subdomain(spec.externalName.replace(/\.$/, ''))) {
        causes.push(invalid('spec.externalName', spec.externalName, m));
      }
  }
  validatePorts(svc, causes);
  if (spec.sessionAffinity && !AFFINITIES.includes(spec.sessionAffinity)) {
    causes.push(notSupported('spec.sessionAffinity', spec.sessionAffinity, AFFINITIES));
  }
  const timeout = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
  if (timeout !== undefined && (timeout <= 0 || timeout > 86400)) {
    causes.push(
      invalid(
        'spec.sessionAffinityConfig.clientIP.timeoutSeconds',
        timeout,
        'must be greater than 0 and less than 86400',
      ),
    );
  }
  if (spec.clusterIP && spec.clusterIP !== 'None' && !isIP(spec.clusterIP)) {
    causes.push(
      invalid(
        'spec.clusterIPs[0]',
        spec.clusterIP,
        'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      ),
    );
  }
  const etp = spec.externalTrafficPolicy;
  if (etp) {
    if (spec.type !== 'NodePort' && spec.type !== 'LoadBalancer') {
      causes.push(
        invalid(
          'spec.externalTrafficPolicy',
          etp,
          'may only be set for externally-accessible services',
        ),
      );
    } else if (!TRAFFIC_POLICIES.includes(etp)) {
      causes.push(notSupported('spec.externalTrafficPolicy', etp, TRAFFIC_POLICIES));
    }
  }
  const itp = spec.internalTrafficPolicy;
  if (itp && !TRAFFIC_POLICIES.includes(itp)) {
    causes.push(notSupported('spec.internalTrafficPolicy', itp, TRAFFIC_POLICIES));
  }
  if (spec.ipFamilyPolicy && !IP_FAMILY_POLICIES.includes(spec.ipFamilyPolicy)) {
    causes.push(notSupported('spec.ipFamilyPolicy', spec.ipFamilyPolicy, IP_FAMILY_POLICIES));
  }
  (spec.ipFamilies ?? []).forEach((f, i) => {
    if (!IP_FAMILIES.includes(f))
      causes.push(notSupported(`spec.ipFamilies[${i}]`, f, IP_FAMILIES));
  });
  causes.push(...validateLabels(spec.selector, 'spec.selector'));
  return causes;
}

/** Validates a Service update: everything on create plus a cluster IP that never changes. */
export function validateServiceUpdate(svc: Service, old: Service): FieldCause[] {
  const causes = [...validateObjectMetaUpdate(svc.metadata, old.metadata), ...validateService(svc)];
  const prevIP = old.spec?.clusterIP;
  const nextIP = svc.spec?.clusterIP;
  // Switching to ExternalName releases the IP, so only then may it go away.
  if (prevIP && svc.spec?.type !== 'ExternalName' && nextIP !== prevIP) {
    causes.push(
      nextIP
        ? invalid('spec.clusterIPs[0]', nextIP, 'may not change once set')
        : invalid('spec.clusterIPs[0]', [], 'primary clusterIP can not be unset'),
    );
  }
  return causes;
}
