/**
 * apps/v1 rules: Deployment, ReplicaSet and DaemonSet specs (replicas, strategy, selector ⇄
 * template), their immutable selectors on update, and the counters of their status.
 */
import type { DaemonSet, Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { FieldCause } from '../object';
import { nonNegative } from './container';
import { forbidden, invalid, notSupported, required } from './errors';
import { immutable, validateObjectMeta } from './meta';
import { nameIsDNSSubdomain } from './names';
import {
  isZeroIntOrPercent,
  validateConditions,
  validateIntOrPercent,
  validateSelectorAndTemplate,
  validateStatusCounts,
} from './workload';

const ALWAYS = ['Always'];

/** Validates a Deployment. */
export function validateDeployment(d: Deployment): FieldCause[] {
  const causes = validateObjectMeta(d.metadata, true, nameIsDNSSubdomain);
  const spec = d.spec;
  if (!spec) return [...causes, required('spec.selector'), required('spec.template')];
  nonNegative(causes, spec.replicas, 'spec.replicas');
  causes.push(
    ...validateSelectorAndTemplate(
      spec.selector,
      spec.template,
      'empty selector is invalid for deployment',
      ALWAYS,
    ),
  );
  if (spec.template?.spec?.activeDeadlineSeconds !== undefined) {
    causes.push(
      forbidden(
        'spec.template.spec.activeDeadlineSeconds',
        'activeDeadlineSeconds in ReplicaSet is not Supported',
      ),
    );
  }
  const strategy = spec.strategy ?? {};
  if (!strategy.type) causes.push(required('spec.strategy.type'));
  else if (strategy.type === 'Recreate') {
    if (strategy.rollingUpdate) {
      causes.push(
        forbidden(
          'spec.strategy.rollingUpdate',
          "may not be specified when strategy `type` is 'Recreate'",
        ),
      );
    }
  } else if (strategy.type === 'RollingUpdate') {
    const ru = strategy.rollingUpdate ?? {};
    validateIntOrPercent(causes, ru.maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable');
    validateIntOrPercent(causes, ru.maxSurge, 'spec.strategy.rollingUpdate.maxSurge');
    if (isZeroIntOrPercent(ru.maxUnavailable) && isZeroIntOrPercent(ru.maxSurge)) {
      causes.push(
        invalid(
          'spec.strategy.rollingUpdate.maxUnavailable',
          ru.maxUnavailable ?? 0,
          'may not be 0 when `maxSurge` is 0',
        ),
      );
    }
  } else {
    causes.push(notSupported('spec.strategy.type', strategy.type, ['Recreate', 'RollingUpdate']));
  }
  nonNegative(causes, spec.minReadySeconds, 'spec.minReadySeconds');
  nonNegative(causes, spec.revisionHistoryLimit, 'spec.revisionHistoryLimit');
  const pds = spec.progressDeadlineSeconds;
  if (pds !== undefined) {
    nonNegative(causes, pds, 'spec.progressDeadlineSeconds');
    if (pds <= (spec.minReadySeconds ?? 0)) {
      causes.push(
        invalid('spec.progressDeadlineSeconds', pds, 'must be greater than minReadySeconds'),
      );
    }
  }
  return causes;
}

/** Validates a ReplicaSet. */
export function validateReplicaSet(rs: ReplicaSet): FieldCause[] {
  const causes = validateObjectMeta(rs.metadata, true, nameIsDNSSubdomain);
  const spec = rs.spec;
  if (!spec) return [...causes, required('spec.selector')];
  nonNegative(causes, spec.replicas, 'spec.replicas');
  nonNegative(causes, spec.minReadySeconds, 'spec.minReadySeconds');
  causes.push(
    ...validateSelectorAndTemplate(
      spec.selector,
      spec.template,
      'empty selector is invalid for deployment',
      ALWAYS,
    ),
  );
  return causes;
}

/** Validates a DaemonSet. */
export function validateDaemonSet(ds: DaemonSet): FieldCause[] {
  const causes = validateObjectMeta(ds.metadata, true, nameIsDNSSubdomain);
  const spec = ds.spec;
  if (!spec) return [...causes, required('spec.selector'), required('spec.template')];
  causes.push(
    ...validateSelectorAndTemplate(
      spec.selector,
      spec.template,
      'empty selector is invalid for daemonset',
      ALWAYS,
    ),
  );
  const us = spec.updateStrategy ?? {};
  if (!us.type) causes.push(required('spec.updateStrategy.type'));
  else if (us.type === 'RollingUpdate') {
    const ru = us.rollingUpdate ?? {};
    validateIntOrPercent(
      causes,
      ru.maxUnavailable,
      'spec.updateStrategy.rollingUpdate.maxUnavailable',
    );
    validateIntOrPercent(causes, ru.maxSurge, 'spec.updateStrategy.rollingUpdate.maxSurge');
    if (isZeroIntOrPercent(ru.maxUnavailable) && isZeroIntOrPercent(ru.maxSurge)) {
      causes.push(
        invalid(
          'spec.updateStrategy.rollingUpdate.maxUnavailable',
          ru.maxUnavailable ?? 0,
          'may not be 0 when `maxSurge` is 0',
        ),
      );
    }
  } else if (us.type !== 'OnDelete') {
    causes.push(notSupported('spec.updateStrategy.type', us.type, ['RollingUpdate', 'OnDelete']));
  }
  nonNegative(causes, spec.minReadySeconds, 'spec.minReadySeconds');
  nonNegative(causes, spec.revisionHistoryLimit, 'spec.revisionHistoryLimit');
  return causes;
}

/** Update rule shared by the apps kinds: the selector never changes. */
export function validateSelectorImmutable(
  next: { spec?: { selector?: unknown } },
  prev: { spec?: { selector?: unknown } },
): FieldCause[] {
  const causes: FieldCause[] = [];
  immutable(causes, next.spec?.selector, prev.spec?.selector, 'spec.selector');
  return causes;
}

const COUNTS: Record<string, readonly string[]> = {
  Deployment: [
    'replicas',
    'updatedReplicas',
    'readyReplicas',
    'availableReplicas',
    'unavailableReplicas',
    'observedGeneration',
  ],
  ReplicaSet: [
    'replicas',
    'fullyLabeledReplicas',
    'readyReplicas',
    'availableReplicas',
    'observedGeneration',
  ],
  DaemonSet: [
    'currentNumberScheduled',
    'numberMisscheduled',
    'desiredNumberScheduled',
    'numberReady',
    'updatedNumberScheduled',
    'numberAvailable',
    'numberUnavailable',
    'observedGeneration',
  ],
};

/** Validates the status of an apps object on /status: counters ≥ 0, conditions well formed. */
export function validateAppsStatus(
  kind: string,
  obj: Deployment | ReplicaSet | DaemonSet,
): FieldCause[] {
  const status = obj.status as Record<string, unknown> | undefined;
  const causes = validateStatusCounts(status, COUNTS[kind] ?? []);
  causes.push(...validateConditions(obj.status?.conditions, 'status.conditions'));
  if (kind === 'ReplicaSet') {
    const s = (obj as ReplicaSet).status;
    if (s && (s.readyReplicas ?? 0) > s.replicas) {
      causes.push(
        invalid('status.readyReplicas', s.readyReplicas, 'cannot be greater than status.replicas'),
      );
    }
  }
  return causes;
}
