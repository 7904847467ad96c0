/**
 * Shared workload rules (Deployment, ReplicaSet, DaemonSet, Job): the selector is required,
 * non-empty, well formed and matches the template's labels; int-or-percent values; status counts.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { FieldCause } from '../object';
import { invalid, notSupported, required } from './errors';
import { regexError } from './names';
import { validatePodTemplate } from './pod';
import { isEmptySelector, selectorMatches, validateLabelSelector } from './selector';

/**
 * Validates `spec.selector` and `spec.template` together. `emptyMessage` is the kind's wording for
 * an empty selector; `restartPolicies` the template restart policies the kind accepts.
 */
export function validateSelectorAndTemplate(
  selector: LabelSelector | undefined,
  template: PodTemplateSpec | undefined,
  emptyMessage: string,
  restartPolicies: string[],
): FieldCause[] {
  const causes: FieldCause[] = [];
  if (!selector) causes.push(required('spec.selector'));
  else {
    causes.push(...validateLabelSelector(selector, 'spec.selector'));
    if (isEmptySelector(selector)) causes.push(invalid('spec.selector', selector, emptyMessage));
  }
  if (!template) {
    causes.push(required('spec.template'));
    return causes;
  }
  const labels = template.metadata?.labels ?? {};
  if (selector && !isEmptySelector(selector) && !selectorMatches(selector, labels)) {
    causes.push(
      invalid(
        'spec.template.metadata.labels',
        labels,
        '`selector` does not match template `labels`',
      ),
    );
  }
  causes.push(...validatePodTemplate(template, 'spec.template'));
  const rp = template.spec?.restartPolicy;
  // validatePodTemplate already reports an empty or unknown policy; only narrow the allowed set here.
  if (
    rp &&
    rp !== '' &&
    !restartPolicies.includes(rp) &&
    ['Always', 'OnFailure', 'Never'].includes(rp)
  ) {
    causes.push(notSupported('spec.template.spec.restartPolicy', rp, restartPolicies));
  }
  return causes;
}

const PERCENT_FMT = '[0-9]+%';

/** Validates an int-or-percent (maxSurge, maxUnavailable): ≥ 0 and, as a percent, ≤ 100%. */
export function validateIntOrPercent(
  causes: FieldCause[],
  value: number | string | undefined,
  field: string,
): void {
  if (value === undefined) return;
  if (typeof value === 'number') {
    if (value < 0) causes.push(invalid(field, value, 'must be greater than or equal to 0'));
    return;
  }
  if (!new RegExp(`^${PERCENT_FMT}$`).test(value)) {
    const msg = regexError(
      "a valid percent string must be a numeric string followed by an ending '%'",
      PERCENT_FMT,
      '1%',
      '93%',
    );
    causes.push(invalid(field, value, msg));
    return;
  }
  if (Number(value.slice(0, -1)) > 100)
    causes.push(invalid(field, value, 'must not be greater than 100%'));
}

/** True when an int-or-percent is zero ("0%" or 0 or absent). */
export function isZeroIntOrPercent(value: number | string | undefined): boolean {
  return value === undefined || value === 0 || value === '0%';
}

/** Status counters must be non-negative. */
export function validateStatusCounts(
  status: Record<string, unknown> | undefined,
  names: readonly string[],
): FieldCause[] {
  const causes: FieldCause[] = [];
  for (const n of names) {
    const v = status?.[n];
    if (typeof v === 'number' && v < 0) {
      causes.push(invalid(`status.${n}`, v, 'must be greater than or equal to 0'));
    }
  }
  return causes;
}

/** Validates conditions' status (True/False/Unknown) and type presence at `field`. */
export function validateConditions(
  conditions: { type?: string; status?: string }[] | undefined,
  field: string,
): FieldCause[] {
  const causes: FieldCause[] = [];
  const statuses = ['True', 'False', 'Unknown'];
  (conditions ?? []).forEach((c, i) => {
    if (!c.type) causes.push(required(`${field}[${i}].type`));
    if (!statuses.includes(c.status ?? '')) {
      causes.push(notSupported(`${field}[${i}].status`, c.status ?? '', statuses));
    }
  });
  return causes;
}
