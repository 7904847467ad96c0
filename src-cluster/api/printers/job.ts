/**
 * Jobs: how many completions succeeded out of how many are needed, and how long the Job has run
 * (until now, or until it completed). Columns are the 1.20 set; newer servers add a Status column.
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

export const jobPrinter = definePrinter<Job>(
  [
    nameColumn(),
    column('Completions', 'Succeeded pods out of the completions needed.'),
    column('Duration', 'How long the job ran, or has been running.'),
    AGE_COLUMN,
    ...WORKLOAD_WIDE_COLUMNS,
  ],
  (job, now) => [
    job.metadata?.name ?? '',
    completions(job),
    jobDuration(job, now),
    ageSince(job.metadata?.creationTimestamp, now),
    ...containerCells(job.spec?.template?.spec?.containers),
    formatSelector(job.spec?.selector),
  ],
);
