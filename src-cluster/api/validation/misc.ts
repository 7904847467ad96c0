/**
 * Rules for Lease (coordination.k8s.io), EndpointSlice (discovery.k8s.io) and Event (core/v1 and
 * events.k8s.io/v1 shapes).
 */
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Event as CoreEvent } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Event as EventsV1 } from 'kubernetes-types/events/v1';
import type { FieldCause } from '../object';
import { validateProtocol } from './container';
import { duplicate, invalid, notSupported, required, tooLong, tooMany } from './errors';
import { immutable, validateObjectMeta } from './meta';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidPortNum,
  nameIsDNSSubdomain,
} from './names';
import { isIP } from './service';

/** Validates a Lease: durations positive, transitions non-negative. */
export function validateLease(lease: Lease): FieldCause[] {
  const causes = validateObjectMeta(lease.metadata, true, nameIsDNSSubdomain);
  const spec = lease.spec ?? {};
  if (spec.leaseDurationSeconds !== undefined && spec.leaseDurationSeconds <= 0) {
    causes.push(
      invalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'),
    );
  }
  if (spec.leaseTransitions !== undefined && spec.leaseTransitions < 0) {
    causes.push(
      invalid('spec.leaseTransitions', spec.leaseTransitions, 'must be greater than or equal to 0'),
    );
  }
  return causes;
}

const ADDRESS_TYPES = ['IPv4', 'IPv6', 'FQDN'];

/** Validates an EndpointSlice: addressType, addresses per type, ports, size limits. */
export function validateEndpointSlice(es: EndpointSlice): FieldCause[] {
  const causes = validateObjectMeta(es.metadata, true, nameIsDNSSubdomain);
  const type = es.addressType;
  if (!type) causes.push(required('addressType'));
  else if (!ADDRESS_TYPES.includes(type))
    causes.push(notSupported('addressType', type, ADDRESS_TYPES));
  const endpoints = es.endpoints ?? [];
  if (endpoints.length > 1000) causes.push(tooMany('endpoints', endpoints.length, 1000));
  endpoints.forEach((ep, i) => {
    const f = `endpoints[${i}].addresses`;
    const addrs = ep.addresses ?? [];
    if (addrs.length === 0) causes.push(required(f, 'must contain at least 1 address'));
    else if (addrs.length > 100) causes.push(tooMany(f, addrs.length, 100));
    addrs.forEach((a, j) => {
      if (type === 'FQDN') {
        for (const m of isDNS1123Subdomain(a)) causes.push(invalid(`${f}[${j}]`, a, m));
      } else if (type && (!isIP(a) || (type === 'IPv4') !== !a.includes(':'))) {
        causes.push(invalid(`${f}[${j}]`, a, `must be a valid ${type} address`));
      }
    });
    if (ep.hostname)
      for (const m of isDNS1123Label(ep.hostname))
        causes.push(invalid(`endpoints[${i}].hostname`, ep.hostname, m));
  });
  const ports = es.ports ?? [];
  if (ports.length > 100) causes.push(tooMany('ports', ports.length, 100));
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const f = `ports[${i}]`;
    const name = p.name ?? '';
    if (name !== '')
      for (const m of isDNS1123Label(name)) causes.push(invalid(`${f}.name`, name, m));
    if (names.has(name)) causes.push(duplicate(`${f}.name`, name));
    names.add(name);
    if (p.port !== undefined)
      for (const m of isValidPortNum(p.port)) causes.push(invalid(`${f}.port`, p.port, m));
    validateProtocol(causes, p.protocol, `${f}.protocol`);
  });
  return causes;
}

/** EndpointSlice update: the address type is fixed. */
export function validateEndpointSliceUpdate(es: EndpointSlice, old: EndpointSlice): FieldCause[] {
  const causes = validateEndpointSlice(es);
  immutable(causes, es.addressType, old.addressType, 'addressType');
  return causes;
}

/**
 * Validates a core/v1 Event. Old-style events (no eventTime) need an involvedObject in the event's
 * namespace; new-style events (eventTime set, as written through events.k8s.io/v1 and stored in
 * this shape) need their reporter, action and reason like events.k8s.io/v1 requires.
 */
export function validateCoreEvent(ev: CoreEvent): FieldCause[] {
  const causes = validateObjectMeta(ev.metadata, true, nameIsDNSSubdomain);
  const ns = ev.metadata?.namespace ?? '';
  const io = ev.involvedObject;
  if (!ev.eventTime) {
    if (!io) return [...causes, required('involvedObject')];
    // Cluster-scoped subjects have no namespace; old clients put their events in "default".
    const ok = io.namespace ? io.namespace === ns : ns === '' || ns === 'default';
    if (!ok) {
      causes.push(
        invalid('involvedObject.namespace', io.namespace ?? '', 'does not match event.namespace'),
      );
    }
  } else {
    if (!io?.namespace && ns !== 'default' && ns !== 'kube-system') {
      causes.push(
        invalid('involvedObject.namespace', io?.namespace ?? '', 'does not match event.namespace'),
      );
    }
    const rc = ev.reportingComponent ?? '';
    if (!rc) causes.push(required('reportingComponent'));
    for (const m of isQualifiedName(rc)) causes.push(invalid('reportingComponent', rc, m));
    for (const key of ['reportingInstance', 'action', 'reason'] as const) {
      const v = ev[key] ?? '';
      if (!v) causes.push(required(key));
      if (v.length > 128) causes.push(invalid(key, '', 'can have at most 128 characters'));
    }
    if ((ev.message ?? '').length > 1024) {
      causes.push(invalid('message', '', 'can have at most 1024 characters'));
    }
  }
  if (ev.type && !['Normal', 'Warning'].includes(ev.type)) {
    causes.push(invalid('type', '', `has invalid value: ${ev.type}`));
  }
  return causes;
}

/** Validates an events.k8s.io/v1 Event: eventTime, reporter, action and reason are required. */
export function validateEventsV1(ev: EventsV1): FieldCause[] {
  const causes = validateObjectMeta(ev.metadata, true, nameIsDNSSubdomain);
  if (!ev.eventTime) causes.push(required('eventTime'));
  if (ev.type !== 'Normal' && ev.type !== 'Warning') {
    causes.push(invalid('type', '', `has invalid value: ${ev.type ?? ''}`));
  }
  if (!ev.reportingController) causes.push(required('reportingController'));
  else
    for (const m of isQualifiedName(ev.reportingController))
      causes.push(invalid('reportingController', ev.reportingController, m));
  for (const key of ['reportingInstance', 'action', 'reason'] as const) {
    const v = ev[key];
    if (!v) causes.push(required(key));
    else if (v.length > 128) causes.push(tooLong(key, 128));
  }
  if (ev.note && ev.note.length > 1024) causes.push(tooLong('note', 1024));
  const ns = ev.metadata?.namespace ?? '';
  const rns = ev.regarding?.namespace;
  if (rns !== undefined && rns !== '' && rns !== ns) {
    causes.push(invalid('regarding.namespace', rns, 'does not match event.namespace'));
  }
  return causes;
}
