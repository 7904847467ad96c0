/**
 * apps/v1 Deployment: spec, strategy, rolling update, status.
 * Field numbers and wire types are facts of upstream's generated.proto; this table is kubelab's own.
 */
import { bool, i32, i32P, i64, msg, msgP, msgs, special, str, type MessageTable } from './types';

export const APPS: MessageTable = {
  'apps.Deployment': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msg('spec', 'apps.DeploymentSpec'),
    3: msg('status', 'apps.DeploymentStatus'),
  },
  'apps.DeploymentSpec': {
    1: i32P('replicas'),
    2: msgP('selector', 'meta.LabelSelector'),
    3: msg('template', 'core.PodTemplateSpec'),
    4: msg('strategy', 'apps.DeploymentStrategy'),
    5: i32('minReadySeconds'),
    6: i32P('revisionHistoryLimit'),
    7: bool('paused'),
    9: i32P('progressDeadlineSeconds'),
  },
  'apps.DeploymentStrategy': {
    1: str('type'),
    2: msgP('rollingUpdate', 'apps.RollingUpdateDeployment'),
  },
  'apps.RollingUpdateDeployment': {
    1: special('maxUnavailable', 'IntOrString', 'optional'),
    2: special('maxSurge', 'IntOrString', 'optional'),
  },
  'apps.DeploymentStatus': {
    1: i64('observedGeneration'),
    2: i32('replicas'),
    3: i32('updatedReplicas'),
    4: i32('availableReplicas'),
    5: i32('unavailableReplicas'),
    6: msgs('conditions', 'apps.DeploymentCondition'),
    7: i32('readyReplicas'),
    8: i32P('collisionCount'),
    9: i32P('terminatingReplicas'),
  },
  'apps.DeploymentCondition': {
    1: str('type'),
    2: str('status'),
    4: str('reason'),
    5: str('message'),
    6: special('lastUpdateTime', 'Time', 'single'),
    7: special('lastTransitionTime', 'Time', 'single'),
  },
};
