/**
 * One container's rules: name, image, ports, env, resources (quantities, limits ≥ requests),
 * probes and enums. Used for containers and initContainers of pods and pod templates.
 */
import type {
  Container,
  ContainerPort,
  EnvVar,
  Probe,
  ResourceRequirements,
} from 'kubernetes-types/core/v1';
import type { FieldCause } from '../object';
import { compareQuantity, parseQuantity, QuantityError } from '../quantity';
import type { Quantity } from '../quantity';
import { duplicate, forbidden, invalid, notSupported, required } from './errors';
import {
  isDNS1123Label,
  isQualifiedName,
  isValidPortName,
  isValidPortNum,
  regexError,
} from './names';

export const PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const STANDARD_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage', 'storage', 'pods']);
const ENV_NAME_FMT = '[-._a-zA-Z][-._a-zA-Z0-9]*';
const ENV_NAME_RE = new RegExp(`^${ENV_NAME_FMT}$`);

/** ">= 0" check shared by counts and seconds. */
export function nonNegative(causes: FieldCause[], value: number | undefined, field: string): void {
  if (value !== undefined && value < 0) {
    causes.push(invalid(field, value, 'must be greater than or equal to 0'));
  }
}

/** Validates a protocol enum (required). */
export function validateProtocol(
  causes: FieldCause[],
  protocol: string | undefined,
  field: string,
): void {
  if (!protocol) causes.push(required(field));
  else if (!(PROTOCOLS as readonly string[]).includes(protocol)) {
    causes.push(notSupported(field, protocol, PROTOCOLS));
  }
}

function validatePorts(ports: ContainerPort[] | undefined, field: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((p, i) => {
    const f = `${field}[${i}]`;
    if (p.name) {
      for (const m of isValidPortName(p.name)) causes.push(invalid(`${f}.name`, p.name, m));
      if (names.has(p.name)) causes.push(duplicate(`${f}.name`, p.name));
      names.add(p.name);
    }
    if (!p.containerPort) causes.push(required(`${f}.containerPort`));
    else
      for (const m of isValidPortNum(p.containerPort)) {
        causes.push(invalid(`${f}.containerPort`, p.containerPort, m));
      }
    if (p.hostPort) {
      for (const m of isValidPortNum(p.hostPort))
        causes.push(invalid(`${f}.hostPort`, p.hostPort, m));
    }
    validateProtocol(causes, p.protocol, `${f}.protocol`);
  });
  return causes;
}

function validateEnv(env: EnvVar[] | undefined, field: string): FieldCause[] {
  const causes: FieldCause[] = [];
  (env ?? []).forEach((e, i) => {
    const f = `${field}[${i}]`;
    if (!e.name) causes.push(required(`${f}.name`));
    else if (!ENV_NAME_RE.test(e.name) || e.name === '.' || e.name === '..') {
      const msg = regexError(
        "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
        ENV_NAME_FMT,
        'my.env-name',
        'MY_ENV.NAME',
        'MyEnvName1',
      );
      causes.push(invalid(`${f}.name`, e.name, msg));
    }
    if (e.valueFrom && e.value) {
      causes.push(invalid(`${f}.valueFrom`, '', 'may not be specified when `value` is not empty'));
    }
  });
  return causes;
}

function parseResourceList(
  list: Record<string, unknown> | undefined,
  field: string,
  causes: FieldCause[],
): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  for (const [name, raw] of Object.entries(list ?? {})) {
    const f = `${field}[${name}]`;
    if (!STANDARD_RESOURCES.has(name) && !name.startsWith('hugepages-')) {
      const msgs = isQualifiedName(name);
      if (msgs.length > 0) for (const m of msgs) causes.push(invalid(f, name, m));
      else if (!name.includes('/')) {
        causes.push(invalid(f, name, 'must be a standard resource type or fully qualified'));
      }
    }
    let q: Quantity;
    try {
      q = parseQuantity(raw as string | number);
    } catch (e) {
      causes.push(invalid(f, raw, e instanceof QuantityError ? e.message : String(e)));
      continue;
    }
    if (q.sign() < 0) causes.push(invalid(f, q.toString(), 'must be greater than or equal to 0'));
    out.set(name, q);
  }
  return out;
}

/** Validates limits/requests: each a valid non-negative quantity, and every request ≤ its limit. */
export function validateResources(
  res: ResourceRequirements | undefined,
  field: string,
): FieldCause[] {
  const causes: FieldCause[] = [];
  const limits = parseResourceList(res?.limits, `${field}.limits`, causes);
  const requests = parseResourceList(res?.requests, `${field}.requests`, causes);
  for (const [name, req] of requests) {
    const limit = limits.get(name);
    if (limit && compareQuantity(req, limit) > 0) {
      causes.push(
        invalid(
          `${field}.requests[${name}]`,
          req.toString(),
          `must be less than or equal to ${name} limit of ${limit.toString()}`,
        ),
      );
    }
  }
  return causes;
}

/** Validates a probe: one handler, non-negative timings, successThreshold 1 unless readiness. */
export function validateProbe(
  probe: Probe | undefined,
  field: string,
  readiness: boolean,
): FieldCause[] {
  if (!probe) return [];
  const causes: FieldCause[] = [];
  const handlers = (['exec', 'httpGet', 'tcpSocket', 'grpc'] as const).filter((h) => probe[h]);
  if (handlers.length === 0) causes.push(required(field, 'must specify a handler type'));
  for (const h of handlers.slice(1)) {
    causes.push(forbidden(`${field}.${h}`, 'may not specify more than 1 handler type'));
  }
  const http = probe.httpGet;
  if (http) {
    if (!http.path) causes.push(required(`${field}.httpGet.path`));
    validatePortRef(causes, http.port, `${field}.httpGet.port`);
    if (http.scheme && !['HTTP', 'HTTPS'].includes(http.scheme)) {
      causes.push(notSupported(`${field}.httpGet.scheme`, http.scheme, ['HTTP', 'HTTPS']));
    }
  }
  if (probe.tcpSocket) validatePortRef(causes, probe.tcpSocket.port, `${field}.tcpSocket.port`);
  if (probe.exec && (probe.exec.command ?? []).length === 0) {
    causes.push(required(`${field}.exec.command`));
  }
  nonNegative(causes, probe.initialDelaySeconds, `${field}.initialDelaySeconds`);
  nonNegative(causes, probe.timeoutSeconds, `${field}.timeoutSeconds`);
  nonNegative(causes, probe.periodSeconds, `${field}.periodSeconds`);
  nonNegative(causes, probe.successThreshold, `${field}.successThreshold`);
  nonNegative(causes, probe.failureThreshold, `${field}.failureThreshold`);
  if (!readiness && probe.successThreshold !== undefined && probe.successThreshold !== 1) {
    causes.push(invalid(`${field}.successThreshold`, probe.successThreshold, 'must be 1'));
  }
  return causes;
}

/** A port given as a number (1–65535) or an IANA_SVC_NAME. */
export function validatePortRef(
  causes: FieldCause[],
  port: number | string | undefined,
  field: string,
): void {
  if (typeof port === 'number') {
    for (const m of isValidPortNum(port)) causes.push(invalid(field, port, m));
  } else if (typeof port === 'string' && port !== '') {
    for (const m of isValidPortName(port)) causes.push(invalid(field, port, m));
  } else {
    causes.push(required(field));
  }
}

/**
 * Validates one container at `field` (e.g. "spec.containers[0]"). `names` collects container
 * names across containers and initContainers so duplicates are reported at the second one.
 */
export function validateContainer(
  c: Container,
  field: string,
  names: Set<string>,
  init: boolean,
): FieldCause[] {
  const causes: FieldCause[] = [];
  if (!c.name) causes.push(required(`${field}.name`));
  else {
    for (const m of isDNS1123Label(c.name)) causes.push(invalid(`${field}.name`, c.name, m));
    if (names.has(c.name)) causes.push(duplicate(`${field}.name`, c.name));
    names.add(c.name);
  }
  if (!c.image) causes.push(required(`${field}.image`));
  else if (c.image.trim() !== c.image) {
    causes.push(invalid(`${field}.image`, c.image, 'must not have leading or trailing whitespace'));
  }
  if (!c.imagePullPolicy) causes.push(required(`${field}.imagePullPolicy`));
  else if (!PULL_POLICIES.includes(c.imagePullPolicy)) {
    causes.push(notSupported(`${field}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES));
  }
  const tmp = c.terminationMessagePolicy;
  if (!tmp) causes.push(required(`${field}.terminationMessagePolicy`));
  else if (!TERMINATION_MESSAGE_POLICIES.includes(tmp)) {
    causes.push(
      notSupported(`${field}.terminationMessagePolicy`, tmp, TERMINATION_MESSAGE_POLICIES),
    );
  }
  causes.push(...validatePorts(c.ports, `${field}.ports`));
  causes.push(...validateEnv(c.env, `${field}.env`));
  causes.push(...validateResources(c.resources, `${field}.resources`));
  if (init && c.restartPolicy !== 'Always') {
    for (const p of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
      if (c[p])
        causes.push(
          forbidden(
            `${field}.${p}`,
            'may not be set for init containers without restartPolicy=Always',
          ),
        );
    }
  } else {
    causes.push(...validateProbe(c.livenessProbe, `${field}.livenessProbe`, false));
    causes.push(...validateProbe(c.readinessProbe, `${field}.readinessProbe`, true));
    causes.push(...validateProbe(c.startupProbe, `${field}.startupProbe`, false));
  }
  if (!init && c.restartPolicy !== undefined) {
    causes.push(forbidden(`${field}.restartPolicy`, 'may not be set for non-init containers'));
  }
  (c.volumeMounts ?? []).forEach((vm, i) => {
    if (!vm.name) causes.push(required(`${field}.volumeMounts[${i}].name`));
    if (!vm.mountPath) causes.push(required(`${field}.volumeMounts[${i}].mountPath`));
  });
  return causes;
}
