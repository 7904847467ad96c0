/**
 * Rules for the smaller core/v1 kinds: Namespace, Node, ConfigMap, Secret, ServiceAccount,
 * Endpoints. Pods and Services have their own files; Events live in event.ts.
 */
import type {
  ConfigMap,
  Endpoints,
  Namespace,
  Node,
  Secret,
  ServiceAccount,
  Taint,
} from 'kubernetes-types/core/v1';
import type { FieldCause } from '../object';
import { isQuantity } from '../quantity';
import { validateProtocol } from './container';
import { duplicate, forbidden, invalid, notSupported, required, tooLong } from './errors';
import { immutable, jsonEqual, validateObjectMeta } from './meta';
import {
  isDNS1123Label,
  isQualifiedName,
  isValidPortNum,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  regexError,
  maxLenError,
} from './names';
import { isIP } from './service';

const MAX_SECRET_SIZE = 1024 * 1024;
const CONFIG_KEY_FMT = '[-._a-zA-Z0-9]+';
const CONFIG_KEY_RE = new RegExp(`^${CONFIG_KEY_FMT}$`);
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const CIDR_RE = /^(\d{1,3}\.){3}\d{1,3}\/(\d|[12]\d|3[0-2])$|^[0-9a-fA-F:]+\/\d{1,3}$/;

/** Config map / secret keys: ≤253 chars of [-._a-zA-Z0-9], not "." or "..". */
export function isConfigMapKey(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push(maxLenError(253));
  if (!CONFIG_KEY_RE.test(key)) {
    errs.push(
      regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        CONFIG_KEY_FMT,
        'key.name',
        'KEY_NAME',
        'key-name',
      ),
    );
  }
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

function validateKeys(
  data: Record<string, string> | undefined,
  binary: Record<string, string> | undefined,
  dataField: string,
  binaryField: string | undefined,
): { causes: FieldCause[]; size: number } {
  const causes: FieldCause[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(data ?? {})) {
    for (const m of isConfigMapKey(k)) causes.push(invalid(`${dataField}[${k}]`, k, m));
    size += Buffer.byteLength(String(v));
  }
  for (const [k, v] of Object.entries(binary ?? {})) {
    for (const m of isConfigMapKey(k)) causes.push(invalid(`${binaryField}[${k}]`, k, m));
    if (data && k in data) {
      causes.push(invalid(`${dataField}[${k}]`, k, 'duplicate of key present in binaryData'));
    }
    size += Buffer.byteLength(String(v));
  }
  return { causes, size };
}

/** Validates a Namespace (name is a DNS-1123 label). */
export function validateNamespace(ns: Namespace): FieldCause[] {
  const causes = validateObjectMeta(ns.metadata, false, nameIsDNSLabel);
  (ns.spec?.finalizers ?? []).forEach((f, i) => {
    for (const m of isQualifiedName(f)) causes.push(invalid(`spec.finalizers[${i}]`, f, m));
  });
  const phase = ns.status?.phase;
  if (phase && !['Active', 'Terminating'].includes(phase)) {
    causes.push(notSupported('status.phase', phase, ['Active', 'Terminating']));
  }
  return causes;
}

function validateTaints(taints: Taint[] | undefined, field: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const seen = new Set<string>();
  (taints ?? []).forEach((t, i) => {
    const f = `${field}[${i}]`;
    for (const m of isQualifiedName(t.key ?? '')) causes.push(invalid(`${f}.key`, t.key, m));
    if (!t.effect) causes.push(required(`${f}.effect`));
    else if (!TAINT_EFFECTS.includes(t.effect))
      causes.push(notSupported(`${f}.effect`, t.effect, TAINT_EFFECTS));
    const key = `${t.key}:${t.effect}`;
    if (seen.has(key)) {
      causes.push(duplicate(f, t));
    }
    seen.add(key);
  });
  return causes;
}

/** Validates a Node: name, podCIDRs, taints and status quantities. */
export function validateNode(node: Node): FieldCause[] {
  const causes = validateObjectMeta(node.metadata, false, nameIsDNSSubdomain);
  const cidrs = node.spec?.podCIDRs ?? (node.spec?.podCIDR ? [node.spec.podCIDR] : []);
  cidrs.forEach((c, i) => {
    if (!CIDR_RE.test(c))
      causes.push(
        invalid(
          `spec.podCIDRs[${i}]`,
          c,
          'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
        ),
      );
  });
  causes.push(...validateTaints(node.spec?.taints, 'spec.taints'));
  for (const list of ['capacity', 'allocatable'] as const) {
    for (const [k, v] of Object.entries(node.status?.[list] ?? {})) {
      if (!isQuantity(v))
        causes.push(invalid(`status.${list}[${k}]`, v, 'must be a valid quantity'));
    }
  }
  return causes;
}

/** Node update: podCIDR(s) and providerID may only go from empty to a value. */
export function validateNodeUpdate(node: Node, old: Node): FieldCause[] {
  const causes = validateNode(node);
  const prev = old.spec?.podCIDRs ?? (old.spec?.podCIDR ? [old.spec.podCIDR] : []);
  const next = node.spec?.podCIDRs ?? (node.spec?.podCIDR ? [node.spec.podCIDR] : []);
  if (prev.length > 0 && !jsonEqual(prev, next)) {
    causes.push(
      forbidden('spec.podCIDRs', 'node updates may not change podCIDR except from "" to valid'),
    );
  }
  if (old.spec?.providerID && node.spec?.providerID !== old.spec.providerID) {
    causes.push(
      forbidden(
        'spec.providerID',
        'node updates may not change providerID except from "" to valid',
      ),
    );
  }
  return causes;
}

/** Validates a ConfigMap: keys, no key in both data and binaryData, total size ≤ 1 MiB. */
export function validateConfigMap(cm: ConfigMap): FieldCause[] {
  const causes = validateObjectMeta(cm.metadata, true, nameIsDNSSubdomain);
  const keys = validateKeys(cm.data, cm.binaryData, 'data', 'binaryData');
  causes.push(...keys.causes);
  if (keys.size > MAX_SECRET_SIZE) causes.push(tooLong('', MAX_SECRET_SIZE));
  return causes;
}

/** ConfigMap/Secret update: once `immutable: true`, data and the flag itself are frozen. */
export function validateImmutableData(
  next: ConfigMap | Secret,
  prev: ConfigMap | Secret,
): FieldCause[] {
  const causes: FieldCause[] = [];
  if (prev.immutable) {
    const msg = 'field is immutable when `immutable` is set';
    if (!next.immutable) causes.push(forbidden('immutable', msg));
    if (!jsonEqual(next.data, prev.data)) causes.push(forbidden('data', msg));
    const nb = (next as ConfigMap).binaryData;
    const pb = (prev as ConfigMap).binaryData;
    if ((nb || pb) && !jsonEqual(nb, pb)) causes.push(forbidden('binaryData', msg));
  }
  return causes;
}

/** Validates a Secret: keys, size, and the fields each built-in type requires. */
export function validateSecret(secret: Secret): FieldCause[] {
  const causes = validateObjectMeta(secret.metadata, true, nameIsDNSSubdomain);
  const merged = { ...(secret.data ?? {}), ...(secret.stringData ?? {}) };
  const keys = validateKeys(merged, undefined, 'data', undefined);
  causes.push(...keys.causes);
  if (keys.size > MAX_SECRET_SIZE) causes.push(tooLong('data', MAX_SECRET_SIZE));
  const has = (k: string) => k in merged;
  switch (secret.type) {
    case 'kubernetes.io/service-account-token':
      if (!secret.metadata?.annotations?.['kubernetes.io/service-account.name']) {
        causes.push(required('metadata.annotations[kubernetes.io/service-account.name]'));
      }
      break;
    case 'kubernetes.io/dockercfg':
      if (!has('.dockercfg')) causes.push(required('data[.dockercfg]'));
      break;
    case 'kubernetes.io/dockerconfigjson':
      if (!has('.dockerconfigjson')) causes.push(required('data[.dockerconfigjson]'));
      break;
    case 'kubernetes.io/basic-auth':
      if (!has('username') && !has('password')) {
        causes.push(required('data[username]'), required('data[password]'));
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if (!has('ssh-privatekey')) causes.push(required('data[ssh-privatekey]'));
      break;
    case 'kubernetes.io/tls':
      if (!has('tls.key')) causes.push(required('data[tls.key]'));
      if (!has('tls.crt')) causes.push(required('data[tls.crt]'));
      break;
    default:
      break;
  }
  return causes;
}

/** Secret update: type is fixed, and immutable secrets keep their data. */
export function validateSecretUpdate(secret: Secret, old: Secret): FieldCause[] {
  const causes = validateSecret(secret);
  immutable(causes, secret.type, old.type, 'type');
  causes.push(...validateImmutableData(secret, old));
  return causes;
}

/** Validates a ServiceAccount (metadata only; secrets references are names). */
export function validateServiceAccount(sa: ServiceAccount): FieldCause[] {
  return validateObjectMeta(sa.metadata, true, nameIsDNSSubdomain);
}

/** Validates Endpoints: every address an IP, every port a number with a protocol. */
export function validateEndpoints(ep: Endpoints): FieldCause[] {
  const causes = validateObjectMeta(ep.metadata, true, nameIsDNSSubdomain);
  (ep.subsets ?? []).forEach((ss, i) => {
    const f = `subsets[${i}]`;
    if ((ss.addresses ?? []).length === 0 && (ss.notReadyAddresses ?? []).length === 0) {
      causes.push(required(f, 'must specify `addresses` or `notReadyAddresses`'));
    }
    for (const list of ['addresses', 'notReadyAddresses'] as const) {
      (ss[list] ?? []).forEach((a, j) => {
        if (!a.ip) causes.push(required(`${f}.${list}[${j}].ip`));
        else if (!isIP(a.ip))
          causes.push(
            invalid(
              `${f}.${list}[${j}].ip`,
              a.ip,
              'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
            ),
          );
      });
    }
    const ports = ss.ports ?? [];
    ports.forEach((p, j) => {
      const pf = `${f}.ports[${j}]`;
      if (ports.length > 1 && !p.name) causes.push(required(`${pf}.name`));
      if (p.name)
        for (const m of isDNS1123Label(p.name)) causes.push(invalid(`${pf}.name`, p.name, m));
      for (const m of isValidPortNum(p.port)) causes.push(invalid(`${pf}.port`, p.port, m));
      validateProtocol(causes, p.protocol, `${pf}.protocol`);
    });
  });
  return causes;
}
