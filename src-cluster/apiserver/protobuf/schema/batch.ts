/**
 * batch/v1 Job and CronJob: specs, failure/success policies, statuses.
 * Field numbers and wire types are facts of upstream's generated.proto; this table is kubelab's own.
 */
import {
  boolP,
  i32,
  i32P,
  i32s,
  i64P,
  msg,
  msgP,
  msgs,
  special,
  str,
  strP,
  strs,
  type MessageTable,
} from './types';

export const BATCH: MessageTable = {
  'batch.Job': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msg('spec', 'batch.JobSpec'),
    3: msg('status', 'batch.JobStatus'),
  },
  'batch.JobSpec': {
    1: i32P('parallelism'),
    2: i32P('completions'),
    3: i64P('activeDeadlineSeconds'),
    4: msgP('selector', 'meta.LabelSelector'),
    5: boolP('manualSelector'),
    6: msg('template', 'core.PodTemplateSpec'),
    7: i32P('backoffLimit'),
    8: i32P('ttlSecondsAfterFinished'),
    9: strP('completionMode'),
    10: boolP('suspend'),
    11: msgP('podFailurePolicy', 'batch.PodFailurePolicy'),
    12: i32P('backoffLimitPerIndex'),
    13: i32P('maxFailedIndexes'),
    14: strP('podReplacementPolicy'),
    15: strP('managedBy'),
    16: msgP('successPolicy', 'batch.SuccessPolicy'),
  },
  'batch.JobStatus': {
    1: msgs('conditions', 'batch.JobCondition'),
    2: special('startTime', 'Time', 'optional'),
    3: special('completionTime', 'Time', 'optional'),
    4: i32('active'),
    5: i32('succeeded'),
    6: i32('failed'),
    7: str('completedIndexes'),
    8: msgP('uncountedTerminatedPods', 'batch.UncountedTerminatedPods'),
    9: i32P('ready'),
    10: strP('failedIndexes'),
    11: i32P('terminating'),
  },
  'batch.JobCondition': {
    1: str('type'),
    2: str('status'),
    3: special('lastProbeTime', 'Time', 'single'),
    4: special('lastTransitionTime', 'Time', 'single'),
    5: str('reason'),
    6: str('message'),
  },
  'batch.UncountedTerminatedPods': {
    1: strs('succeeded'),
    2: strs('failed'),
  },
  'batch.PodFailurePolicy': {
    1: msgs('rules', 'batch.PodFailurePolicyRule'),
  },
  'batch.PodFailurePolicyRule': {
    1: str('action'),
    2: msgP('onExitCodes', 'batch.PodFailurePolicyOnExitCodesRequirement'),
    3: msgs('onPodConditions', 'batch.PodFailurePolicyOnPodConditionsPattern'),
  },
  'batch.PodFailurePolicyOnExitCodesRequirement': {
    1: strP('containerName'),
    2: str('operator'),
    3: i32s('values'),
  },
  'batch.PodFailurePolicyOnPodConditionsPattern': {
    1: str('type'),
    2: str('status'),
  },
  'batch.SuccessPolicy': {
    1: msgs('rules', 'batch.SuccessPolicyRule'),
  },
  'batch.SuccessPolicyRule': {
    1: strP('succeededIndexes'),
    2: i32P('succeededCount'),
  },
  'batch.CronJob': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msg('spec', 'batch.CronJobSpec'),
    3: msg('status', 'batch.CronJobStatus'),
  },
  'batch.CronJobSpec': {
    1: str('schedule'),
    2: i64P('startingDeadlineSeconds'),
    3: str('concurrencyPolicy'),
    4: boolP('suspend'),
    5: msg('jobTemplate', 'batch.JobTemplateSpec'),
    6: i32P('successfulJobsHistoryLimit'),
    7: i32P('failedJobsHistoryLimit'),
    8: strP('timeZone'),
  },
  'batch.CronJobStatus': {
    1: msgs('active', 'core.ObjectReference'),
    4: special('lastScheduleTime', 'Time', 'optional'),
    5: special('lastSuccessfulTime', 'Time', 'optional'),
  },
  'batch.JobTemplateSpec': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msg('spec', 'batch.JobSpec'),
  },
};
