/**
 * Jobs: how many completions succeeded out of how many are needed, and how long the Job has run
 * (until now, or until it completed), with the Status column servers print since 1.30.
 */
import type { Job } from 'kubernetes-types/batch/v1';
import { AGE_COLUMN, column, nameColumn, WORKLOAD_WIDE_COLUMNS } from './columns';
import { ageSince, humanDuration } from './duration';
import { containerCells, formatSelector } from './format';
import { definePrinter } from './table';

/**
 * "3/5" when completions is set. Without it the Job is done after one success, so it reads "0/1",
 * or "0/1 of 4" when several pods run in parallel toward that one success.
 */
function completions(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  if (job.spec?.completions != null) return `${succeeded}/${job.spec.completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** Empty before the Job starts; time since start while running; start→completion afterwards. */
function jobDuration(job: Job, now: number): string {
  const start = job.status?.startTime ? Date.parse(job.status.startTime) : NaN;
  if (Number.isNaN(start)) return '';
  const end = job.status?.completionTime ? Date.parse(job.status.completionTime) : NaN;
  return humanDuration((Number.isNaN(end) ? now : end) - start);
}

/**
 * The STATUS column kubectl has shown since 1.30 (kubelab reports 1.32): what the Job's
 * conditions say, else Running.
 */
function jobStatus(job: Job): string {
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  const has = (type: string) =>
    (job.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
  if (has('Complete')) return 'Complete';
  if (has('Failed')) return 'Failed';
  if (has('FailureTarget')) return 'FailureTarget';
  if (has('Suspended')) return 'Suspended';
  return 'Running';
}

export const jobPrinter = definePrinter<Job>(
  [
    nameColumn(),
    column('Status', 'What the Job is doing: Running, Complete, Failed, Suspended, Terminating.'),
    column('Completions', 'Succeeded pods out of the completions needed.'),
    column('Duration', 'How long the job ran, or has been running.'),
    AGE_COLUMN,
    ...WORKLOAD_WIDE_COLUMNS,
  ],
  (job, now) => [
    job.metadata?.name ?? '',
    jobStatus(job),
    completions(job),
    jobDuration(job, now),
    ageSince(job.metadata?.creationTimestamp, now),
    ...containerCells(job.spec?.template?.spec?.containers),
    formatSelector(job.spec?.selector),
  ],
);
