/**
 * A container's environment as upstream's kubelet builds it (makeEnvironmentVariables): first every
 * `envFrom` source (ConfigMap or Secret, keys prefixed, invalid names skipped with a warning), then
 * each `env` entry in order — a literal `value` with `$(VAR)` expanded against what is defined so
 * far, or a `valueFrom` (configMapKeyRef, secretKeyRef, fieldRef, resourceFieldRef), which is never
 * expanded. A later definition of a name replaces an earlier one.
 *
 * Service link variables (service-env.ts) sit below all of that: `$(VAR)` may use them, and they
 * are added only where the pod defines no variable of that name.
 *
 * A missing ConfigMap/Secret/key that is not `optional` throws; the caller turns it into the
 * container's CreateContainerConfigError and retries.
 */
import type { Container, Pod } from 'kubernetes-types/core/v1';
import type { KeyValue } from './cri/runtime-service';
import { expand } from './expansion';
import { fieldRefValue, resourceFieldRefValue, type RuntimeFacts } from './field-path';
import { configMapData, secretData, SourceNotFound, type ConfigSources } from './config-sources';
import { serviceEnvVars, servicesForPod } from './service-env';

export interface EnvResult {
  envs: KeyValue[];
  /** Warnings to record on the pod (InvalidEnvironmentVariableNames). */
  warnings: { reason: string; message: string }[];
}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Resolves `p`, or undefined when it is NotFound and the reference is optional. */
async function fetchOptional<T>(
  p: Promise<T>,
  optional: boolean | undefined,
): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (optional && e instanceof SourceNotFound) return undefined;
    throw e;
  }
}

export async function makeEnvironment(
  pod: Pod,
  c: Container,
  sources: ConfigSources,
  facts: RuntimeFacts,
): Promise<EnvResult> {
  const ns = pod.metadata?.namespace ?? 'default';
  const env = new Map<string, string>();
  const warnings: EnvResult['warnings'] = [];
  const service = new Map(
    (await serviceEnv(pod, ns, sources, warnings)).map((e) => [e.key, e.value]),
  );
  const lookup = (n: string) => env.get(n) ?? service.get(n);

  for (const from of c.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    if (!ref?.name) continue;
    const isCm = !!from.configMapRef;
    const obj = await fetchOptional<Record<string, Buffer>>(
      isCm
        ? sources.configMap(ns, ref.name).then(configMapData)
        : sources.secret(ns, ref.name).then(secretData),
      ref.optional,
    );
    if (!obj) continue;
    const invalid: string[] = [];
    for (const [k, v] of Object.entries(obj)) {
      const name = (from.prefix ?? '') + k;
      if (!ENV_NAME.test(name)) invalid.push(name);
      else env.set(name, v.toString('utf8'));
    }
    if (invalid.length)
      warnings.push({
        reason: 'InvalidEnvironmentVariableNames',
        message: `Keys [${invalid.sort().join(', ')}] from the EnvFrom ${isCm ? 'configMap' : 'secret'} ${ns}/${ref.name} were skipped since they are considered invalid environment variable names.`,
      });
  }

  for (const e of c.env ?? []) {
    if (e.value !== undefined || !e.valueFrom) {
      env.set(e.name, expand(e.value ?? '', lookup));
      continue;
    }
    const v = await valueFrom(pod, c, e.valueFrom, ns, sources, facts);
    if (v !== undefined) env.set(e.name, v);
  }
  // Service variables come last and never replace the pod's own.
  for (const [k, v] of service) if (!env.has(k)) env.set(k, v);
  return { envs: [...env].map(([key, value]) => ({ key, value })), warnings };
}

/** The service link variables; an unreachable API costs only them (the container still starts). */
async function serviceEnv(
  pod: Pod,
  ns: string,
  sources: ConfigSources,
  warnings: EnvResult['warnings'],
): Promise<{ key: string; value: string }[]> {
  const links = pod.spec?.enableServiceLinks ?? true;
  try {
    const lists = await Promise.all(
      links && ns !== 'default'
        ? [sources.services('default'), sources.services(ns)]
        : [sources.services('default')],
    );
    return serviceEnvVars(servicesForPod(lists.flat(), ns, links));
  } catch (e) {
    warnings.push({
      reason: 'FailedServiceEnv',
      message: `service environment variables left out: ${(e as Error).message}`,
    });
    return [];
  }
}

async function valueFrom(
  pod: Pod,
  c: Container,
  from: NonNullable<NonNullable<Container['env']>[number]['valueFrom']>,
  ns: string,
  sources: ConfigSources,
  facts: RuntimeFacts,
): Promise<string | undefined> {
  if (from.fieldRef) return fieldRefValue(pod, from.fieldRef, facts);
  if (from.resourceFieldRef) return resourceFieldRefValue(pod, from.resourceFieldRef, facts, c);
  const cmRef = from.configMapKeyRef;
  if (cmRef) {
    const cm = await fetchOptional(sources.configMap(ns, cmRef.name ?? ''), cmRef.optional);
    const v = cm && configMapData(cm)[cmRef.key];
    if (v !== undefined) return v.toString('utf8');
    if (!cm || cmRef.optional) return undefined;
    throw new Error(`couldn't find key ${cmRef.key} in ConfigMap ${ns}/${cmRef.name}`);
  }
  const sRef = from.secretKeyRef;
  if (sRef) {
    const s = await fetchOptional(sources.secret(ns, sRef.name ?? ''), sRef.optional);
    const v = s && secretData(s)[sRef.key];
    if (v !== undefined) return v.toString('utf8');
    if (!s || sRef.optional) return undefined;
    throw new Error(`couldn't find key ${sRef.key} in Secret ${ns}/${sRef.name}`);
  }
  return undefined;
}

/** command and args with `$(VAR)` expanded against the final environment (as upstream). */
export function expandCommand(
  c: Container,
  envs: KeyValue[],
): { command?: string[]; args?: string[] } {
  const m = new Map(envs.map((e) => [e.key, e.value]));
  const x = (list: string[] | undefined) => list?.map((s) => expand(s, (n) => m.get(n)));
  return { command: x(c.command), args: x(c.args) };
}
