/**
 * batch/v1 Job rules: counts ≥ 0, restartPolicy OnFailure or Never, selector ⇄ template, and on
 * update the fields a running Job keeps (selector, completions, completionMode, template).
 */
import type { Job } from 'kubernetes-types/batch/v1';
import type { FieldCause } from '../object';
import { nonNegative } from './container';
import { invalid, notSupported, required } from './errors';
import { immutable, validateObjectMeta } from './meta';
import { nameIsDNSSubdomain } from './names';
import { validateConditions, validateSelectorAndTemplate, validateStatusCounts } from './workload';

const COMPLETION_MODES = ['NonIndexed', 'Indexed'];

/** Validates a Job (expects the server-generated selector to be present unless manualSelector). */
export function validateJob(job: Job): FieldCause[] {
  const causes = validateObjectMeta(job.metadata, true, nameIsDNSSubdomain);
  const spec = job.spec;
  if (!spec) return [...causes, required('spec.selector'), required('spec.template')];
  nonNegative(causes, spec.parallelism, 'spec.parallelism');
  nonNegative(causes, spec.completions, 'spec.completions');
  nonNegative(causes, spec.backoffLimit, 'spec.backoffLimit');
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds <= 0) {
    causes.push(
      invalid('spec.activeDeadlineSeconds', spec.activeDeadlineSeconds, 'must be greater than 0'),
    );
  }
  nonNegative(causes, spec.ttlSecondsAfterFinished, 'spec.ttlSecondsAfterFinished');
  causes.push(
    ...validateSelectorAndTemplate(
      spec.selector,
      spec.template,
      'empty selector is invalid for job',
      ['OnFailure', 'Never'],
    ),
  );
  const mode = spec.completionMode;
  if (mode && !COMPLETION_MODES.includes(mode)) {
    causes.push(notSupported('spec.completionMode', mode, COMPLETION_MODES));
  }
  if (mode === 'Indexed' && spec.completions === undefined) {
    causes.push(required('spec.completions', 'when completion mode is Indexed'));
  }
  return causes;
}

/** Job update: selector, completionMode and completions are fixed; the template too unless suspended. */
export function validateJobUpdate(job: Job, old: Job): FieldCause[] {
  const causes = validateJob(job);
  immutable(causes, job.spec?.selector, old.spec?.selector, 'spec.selector');
  immutable(causes, job.spec?.completionMode, old.spec?.completionMode, 'spec.completionMode');
  immutable(causes, job.spec?.completions, old.spec?.completions, 'spec.completions');
  // A suspended Job that never started may have its template adjusted (queueing systems rely on it).
  const startable = old.spec?.suspend === true && !old.status?.startTime;
  if (!startable) immutable(causes, job.spec?.template, old.spec?.template, 'spec.template');
  return causes;
}

/** Validates a Job's status on /status. */
export function validateJobStatus(job: Job): FieldCause[] {
  const status = job.status as Record<string, unknown> | undefined;
  return [
    ...validateStatusCounts(status, ['active', 'succeeded', 'failed', 'ready', 'terminating']),
    ...validateConditions(job.status?.conditions, 'status.conditions'),
  ];
}
