/**
 * Pod and pod-template rules: the spec on create, the short list of fields a pod update may
 * change, and the status shape accepted on /status.
 */
import type { Pod, PodSpec, PodTemplateSpec, Toleration, Volume } from 'kubernetes-types/core/v1';
import type { FieldCause } from '../object';
import { validateContainer, nonNegative } from './container';
import { duplicate, forbidden, invalid, notSupported, required } from './errors';
import { immutable, jsonEqual, validateObjectMeta, validateObjectMetaUpdate } from './meta';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  nameIsDNSSubdomain,
  validateAnnotations,
  validateLabels,
} from './names';

export const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const POD_PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'];
const CONDITION_STATUSES = ['True', 'False', 'Unknown'];

function validateVolumes(volumes: Volume[] | undefined, field: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const names = new Set<string>();
  (volumes ?? []).forEach((v, i) => {
    const f = `${field}[${i}]`;
    if (!v.name) causes.push(required(`${f}.name`));
    else {
      for (const m of isDNS1123Label(v.name)) causes.push(invalid(`${f}.name`, v.name, m));
      if (names.has(v.name)) causes.push(duplicate(`${f}.name`, v.name));
      names.add(v.name);
    }
    const sources = Object.keys(v).filter(
      (k) => k !== 'name' && (v as unknown as Record<string, unknown>)[k] != null,
    );
    if (sources.length === 0) causes.push(required(f, 'must specify a volume type'));
    for (const s of sources.slice(1)) {
      causes.push(forbidden(`${f}.${s}`, 'may not specify more than 1 volume type'));
    }
  });
  return causes;
}

function validateTolerations(tols: Toleration[] | undefined, field: string): FieldCause[] {
  const causes: FieldCause[] = [];
  (tols ?? []).forEach((t, i) => {
    const f = `${field}[${i}]`;
    if (t.key) {
      for (const m of validateLabels({ [t.key]: '' }, `${f}.key`)) causes.push(m);
    }
    if (!t.key && t.operator !== 'Exists') {
      causes.push(
        invalid(
          `${f}.operator`,
          t.operator ?? '',
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
      causes.push(
        invalid(
          `${f}.effect`,
          t.effect ?? '',
          "effect must be 'NoExecute' when `tolerationSeconds` is set",
        ),
      );
    }
    if (t.operator === 'Exists') {
      if (t.value)
        causes.push(
          invalid(`${f}.operator`, t.value, "value must be empty when `operator` is 'Exists'"),
        );
    } else if (t.operator && t.operator !== 'Equal') {
      causes.push(notSupported(`${f}.operator`, t.operator, ['Equal', 'Exists']));
    }
    if (t.effect && !TAINT_EFFECTS.includes(t.effect)) {
      causes.push(notSupported(`${f}.effect`, t.effect, TAINT_EFFECTS));
    }
  });
  return causes;
}

/** Validates a PodSpec at `field` ("spec" for pods, "spec.template.spec" for workloads). */
export function validatePodSpec(spec: PodSpec | undefined, field: string): FieldCause[] {
  if (!spec) return [required(field)];
  const causes: FieldCause[] = [];
  const names = new Set<string>();
  causes.push(...validateVolumes(spec.volumes, `${field}.volumes`));
  (spec.initContainers ?? []).forEach((c, i) =>
    causes.push(...validateContainer(c, `${field}.initContainers[${i}]`, names, true)),
  );
  if (!spec.containers || spec.containers.length === 0)
    causes.push(required(`${field}.containers`));
  (spec.containers ?? []).forEach((c, i) => {
    causes.push(...validateContainer(c, `${field}.containers[${i}]`, names, false));
    if (spec.hostNetwork) {
      (c.ports ?? []).forEach((p, j) => {
        if (p.hostPort && p.hostPort !== p.containerPort) {
          causes.push(
            invalid(
              `${field}.containers[${i}].ports[${j}].hostPort`,
              p.hostPort,
              'must match `containerPort` when `hostNetwork` is true',
            ),
          );
        }
      });
    }
  });
  if (!spec.restartPolicy) causes.push(required(`${field}.restartPolicy`));
  else if (!RESTART_POLICIES.includes(spec.restartPolicy)) {
    causes.push(notSupported(`${field}.restartPolicy`, spec.restartPolicy, RESTART_POLICIES));
  }
  if (!spec.dnsPolicy) causes.push(required(`${field}.dnsPolicy`));
  else if (!DNS_POLICIES.includes(spec.dnsPolicy)) {
    causes.push(notSupported(`${field}.dnsPolicy`, spec.dnsPolicy, DNS_POLICIES));
  } else if (spec.dnsPolicy === 'None' && !spec.dnsConfig) {
    causes.push(
      required(`${field}.dnsConfig`, 'must provide `dnsConfig` when `dnsPolicy` is None'),
    );
  }
  causes.push(...validateLabels(spec.nodeSelector, `${field}.nodeSelector`));
  for (const [key, value] of [
    ['serviceAccountName', spec.serviceAccountName],
    ['nodeName', spec.nodeName],
  ] as const) {
    if (value)
      for (const m of isDNS1123Subdomain(value)) causes.push(invalid(`${field}.${key}`, value, m));
  }
  for (const [key, value] of [
    ['hostname', spec.hostname],
    ['subdomain', spec.subdomain],
  ] as const) {
    if (value)
      for (const m of isDNS1123Label(value)) causes.push(invalid(`${field}.${key}`, value, m));
  }
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds < 1) {
    causes.push(
      invalid(
        `${field}.activeDeadlineSeconds`,
        spec.activeDeadlineSeconds,
        'must be between 1 and 2147483647, inclusive',
      ),
    );
  }
  nonNegative(causes, spec.terminationGracePeriodSeconds, `${field}.terminationGracePeriodSeconds`);
  causes.push(...validateTolerations(spec.tolerations, `${field}.tolerations`));
  return causes;
}

/** Validates a pod template (labels, annotations and spec) at `field` ("spec.template"). */
export function validatePodTemplate(t: PodTemplateSpec | undefined, field: string): FieldCause[] {
  if (!t) return [required(field)];
  return [
    ...validateLabels(t.metadata?.labels, `${field}.metadata.labels`),
    ...validateAnnotations(t.metadata?.annotations, `${field}.metadata.annotations`),
    ...validatePodSpec(t.spec, `${field}.spec`),
  ];
}

/** Validates a new Pod. */
export function validatePod(pod: Pod): FieldCause[] {
  return [
    ...validateObjectMeta(pod.metadata, true, nameIsDNSSubdomain),
    ...validatePodSpec(pod.spec, 'spec'),
  ];
}

const UPDATABLE_POD_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

/** Names the top-level spec fields that differ, standing in for upstream's struct diff. */
function specDiff(a: PodSpec, b: PodSpec): string {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const changed = [...keys].filter(
    (k) =>
      !jsonEqual(
        (a as unknown as Record<string, unknown>)[k],
        (b as unknown as Record<string, unknown>)[k],
      ),
  );
  return changed.map((k) => `spec.${k}: changed`).join('\n');
}

/** Validates a Pod update: metadata identity, then only the mutable spec fields may differ. */
export function validatePodUpdate(pod: Pod, old: Pod): FieldCause[] {
  const causes = [...validateObjectMetaUpdate(pod.metadata, old.metadata), ...validatePod(pod)];
  const next = pod.spec ?? { containers: [] };
  const prev = old.spec ?? { containers: [] };
  const ads = next.activeDeadlineSeconds;
  const oldAds = prev.activeDeadlineSeconds;
  if (oldAds !== undefined && (ads === undefined || ads > oldAds)) {
    causes.push(
      invalid(
        'spec.activeDeadlineSeconds',
        ads ?? null,
        `must be less than or equal to previous value of ${oldAds}`,
      ),
    );
  }
  // Copy the mutable fields from the new spec onto the old one; any other difference is forbidden.
  const munged: PodSpec = structuredClone(prev);
  munged.containers = (prev.containers ?? []).map((c, i) => ({
    ...c,
    image: next.containers?.[i]?.image ?? c.image,
  }));
  if (prev.initContainers) {
    munged.initContainers = prev.initContainers.map((c, i) => ({
      ...c,
      image: next.initContainers?.[i]?.image ?? c.image,
    }));
  }
  munged.activeDeadlineSeconds = next.activeDeadlineSeconds;
  if (munged.activeDeadlineSeconds === undefined) delete munged.activeDeadlineSeconds;
  const oldTols = prev.tolerations ?? [];
  const newTols = next.tolerations ?? [];
  if (oldTols.every((t) => newTols.some((n) => jsonEqual(n, t))))
    munged.tolerations = next.tolerations;
  if ((prev.terminationGracePeriodSeconds ?? 0) < 0 && next.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = 1;
  }
  if (
    prev.schedulingGates &&
    (next.schedulingGates ?? []).every((g) => prev.schedulingGates!.some((o) => o.name === g.name))
  ) {
    munged.schedulingGates = next.schedulingGates;
    if (!munged.schedulingGates) delete munged.schedulingGates;
  }
  if (munged.tolerations === undefined) delete munged.tolerations;
  if (!jsonEqual(munged, next)) {
    causes.push(
      forbidden(
        'spec',
        `pod updates may not change fields other than ${UPDATABLE_POD_FIELDS.join(',')}\n${specDiff(munged, next)}`,
      ),
    );
  }
  return causes;
}

/** Validates a /status update: metadata identity, the phase enum and condition statuses. */
export function validatePodStatusUpdate(pod: Pod, old: Pod): FieldCause[] {
  const causes = validateObjectMetaUpdate(pod.metadata, old.metadata);
  const status = pod.status ?? {};
  if (status.phase !== undefined && !POD_PHASES.includes(status.phase)) {
    causes.push(notSupported('status.phase', status.phase, POD_PHASES));
  }
  (status.conditions ?? []).forEach((c, i) => {
    if (!c.type) causes.push(required(`status.conditions[${i}].type`));
    if (!CONDITION_STATUSES.includes(c.status)) {
      causes.push(
        notSupported(`status.conditions[${i}].status`, c.status ?? '', CONDITION_STATUSES),
      );
    }
  });
  immutable(causes, pod.spec?.nodeName, old.spec?.nodeName, 'spec.nodeName');
  return causes;
}
