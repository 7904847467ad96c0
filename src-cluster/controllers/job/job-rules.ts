/**
 * The Job's pure rules (k8s-internals §4.4): which pods count as active, succeeded or failed, when
 * the Job has failed (more failures than backoffLimit, or past activeDeadlineSeconds) or
 * completed (completions reached; without completions, a success and nothing left running), how
 * many pods should run now, and how long to wait before replacing a failed one.
 */
import type { Job, JobCondition } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { isPodTerminal, isPodTerminating } from '../framework/pod-readiness';

/** Pods carry this finalizer until the controller has counted them in the Job's status. */
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
/** First delay before replacing a failed pod; doubles per failure up to the max. */
export const POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_POD_FAILURE_BACKOFF_MS = 10 * 60_000;

export function jobCondition(job: Job, type: string): JobCondition | undefined {
  return job.status?.conditions?.find((c) => c.type === type);
}

/** Complete or Failed: the Job will never run another pod. */
export function isJobFinished(job: Job): boolean {
  return (job.status?.conditions ?? []).some(
    (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
}

/** Running or waiting to run, and not on its way out. */
export function isActive(pod: Pod): boolean {
  return !isPodTerminal(pod) && !isPodTerminating(pod);
}

/** How a finished pod counts: succeeded only if it says so; deleted before finishing is a failure. */
export function outcomeOf(pod: Pod): 'succeeded' | 'failed' | undefined {
  if (pod.status?.phase === 'Succeeded') return 'succeeded';
  if (pod.status?.phase === 'Failed' || isPodTerminating(pod)) return 'failed';
  return undefined;
}

/**
 * Failures that count against backoffLimit: failed pods, plus container restarts of active pods
 * when the template restarts in place (restartPolicy OnFailure).
 */
export function failuresCounted(job: Job, active: readonly Pod[]): number {
  let n = job.status?.failed ?? 0;
  if (job.spec?.template?.spec?.restartPolicy === 'OnFailure') {
    for (const p of active)
      for (const cs of p.status?.containerStatuses ?? []) n += cs.restartCount ?? 0;
  }
  return n;
}

export type Verdict =
  | { finished: false }
  | { finished: true; type: 'Complete' | 'Failed'; reason: string; message: string };

export function verdict(job: Job, active: readonly Pod[], now: number): Verdict {
  const spec = job.spec!;
  if (failuresCounted(job, active) > (spec.backoffLimit ?? 6)) {
    return {
      finished: true,
      type: 'Failed',
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
    };
  }
  const start = job.status?.startTime ? Date.parse(job.status.startTime) : undefined;
  if (spec.activeDeadlineSeconds && start !== undefined) {
    if (now - start >= spec.activeDeadlineSeconds * 1000) {
      return {
        finished: true,
        type: 'Failed',
        reason: 'DeadlineExceeded',
        message: 'Job was active longer than specified deadline',
      };
    }
  }
  const succeeded = job.status?.succeeded ?? 0;
  const done =
    spec.completions === undefined || spec.completions === null
      ? succeeded > 0 && active.length === 0
      : succeeded >= spec.completions;
  if (done) {
    return {
      finished: true,
      type: 'Complete',
      reason: 'CompletionsReached',
      message: 'Reached expected number of succeeded pods',
    };
  }
  return { finished: false };
}

/** How many pods should be running now. */
export function wantedActive(job: Job): number {
  const spec = job.spec!;
  if (spec.suspend) return 0;
  const parallelism = spec.parallelism ?? 1;
  const succeeded = job.status?.succeeded ?? 0;
  if (spec.completions === undefined || spec.completions === null) {
    // Work-queue Jobs: once one pod succeeded, the rest only finish, none start.
    return succeeded > 0 ? 0 : parallelism;
  }
  return Math.max(0, Math.min(parallelism, spec.completions - succeeded));
}

/** Wait before replacing pods after `failed` failures (10 s, 20 s, 40 s … 10 min). */
export function failureBackoffMs(failed: number): number {
  if (failed <= 0) return 0;
  return Math.min(MAX_POD_FAILURE_BACKOFF_MS, POD_FAILURE_BACKOFF_MS * 2 ** (failed - 1));
}
