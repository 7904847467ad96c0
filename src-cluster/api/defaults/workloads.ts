/**
 * apps/v1 and batch/v1 defaults: Deployment, ReplicaSet, DaemonSet and Job specs and their pod
 * templates, plus the selector the server generates for a Job.
 */
import type { DaemonSet, Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Job } from 'kubernetes-types/batch/v1';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import { defaultPodSpec } from './pod';

function defaultTemplate(t: PodTemplateSpec | undefined): void {
  if (t?.spec) defaultPodSpec(t.spec);
}

/** replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600. */
export function defaultDeployment(d: Deployment): void {
  const spec = (d.spec ??= {} as NonNullable<Deployment['spec']>);
  spec.replicas ??= 1;
  const strategy = (spec.strategy ??= {});
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = (strategy.rollingUpdate ??= {});
    ru.maxUnavailable ??= '25%';
    ru.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultTemplate(spec.template);
}

/** replicas 1. */
export function defaultReplicaSet(rs: ReplicaSet): void {
  const spec = (rs.spec ??= {} as NonNullable<ReplicaSet['spec']>);
  spec.replicas ??= 1;
  defaultTemplate(spec.template);
}

/** RollingUpdate with maxUnavailable 1 and maxSurge 0; revisionHistoryLimit 10. */
export function defaultDaemonSet(ds: DaemonSet): void {
  const spec = (ds.spec ??= {} as NonNullable<DaemonSet['spec']>);
  const us = (spec.updateStrategy ??= {});
  us.type ||= 'RollingUpdate';
  if (us.type === 'RollingUpdate') {
    const ru = (us.rollingUpdate ??= {});
    ru.maxUnavailable ??= 1;
    ru.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  defaultTemplate(spec.template);
}

export const JOB_CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';

/**
 * Gives a Job (without manualSelector) the selector upstream's server generates from its uid, and
 * labels the template to match. Needs metadata.uid; does nothing without it.
 */
export function generateJobSelector(job: Job): void {
  const uid = job.metadata?.uid;
  const spec = job.spec;
  if (!uid || !spec || spec.manualSelector === true) return;
  const template = (spec.template ??= {});
  const labels = ((template.metadata ??= {}).labels ??= {});
  labels[JOB_CONTROLLER_UID_LABEL] ??= uid;
  labels['controller-uid'] ??= uid;
  if (job.metadata?.name) {
    labels[JOB_NAME_LABEL] ??= job.metadata.name;
    labels['job-name'] ??= job.metadata.name;
  }
  spec.selector ??= { matchLabels: { [JOB_CONTROLLER_UID_LABEL]: uid } };
}

/**
 * completions/parallelism 1 (when both unset), backoffLimit 6, completionMode NonIndexed,
 * suspend false, podReplacementPolicy, Job labels from the template, and the generated selector.
 */
export function defaultJob(job: Job): void {
  const spec = (job.spec ??= {} as NonNullable<Job['spec']>);
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex !== undefined ? 2147483647 : 6;
  spec.completionMode ||= 'NonIndexed';
  spec.suspend ??= false;
  spec.podReplacementPolicy ||= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  const templateLabels = spec.template?.metadata?.labels;
  const meta = (job.metadata ??= {});
  if (templateLabels && Object.keys(meta.labels ?? {}).length === 0)
    meta.labels = { ...templateLabels };
  defaultTemplate(spec.template);
  generateJobSelector(job);
}
