/**
 * apps/v1 Deployment, ReplicaSet and DaemonSet. Each embeds a PodTemplateSpec; conditions merge by
 * type, and a Deployment's strategy is a union patched with retainKeys (switching RollingUpdate to
 * Recreate must drop rollingUpdate).
 */
import {
  APPS,
  CORE,
  META,
  RETAIN_KEYS,
  bool,
  int,
  intOrString,
  long,
  mergeBy,
  objectHeader,
  ref,
  refList,
  str,
  struct,
  time,
  type Definitions,
  type Schema,
} from './builder';

const A = APPS;

const selector = (what: string): Schema =>
  ref(META + 'LabelSelector', `Which pods belong to this ${what}; must match the template labels.`);
const template = (what: string): Schema =>
  ref(CORE + 'PodTemplateSpec', `The pod this ${what} creates; changing it starts a rollout.`);
const observedGeneration = long('The metadata.generation the controller last acted on.');

/** A workload condition: the same shape for all three kinds. */
function condition(kind: string, types: string): Schema {
  return struct(
    `One aspect of a ${kind}’s state.`,
    {
      lastTransitionTime: time('When status last changed.'),
      ...(kind === 'Deployment'
        ? { lastUpdateTime: time('When the condition was last updated.') }
        : {}),
      message: str('Details for humans.'),
      reason: str('CamelCase reason for the last change.'),
      status: str('True, False or Unknown.'),
      type: str(`Which aspect: ${types}.`),
    },
    ['status', 'type'],
  );
}

export const APPS_DEFINITIONS: Definitions = {
  [A + 'Deployment']: struct(
    'Runs a replicated, stateless application and rolls out changes through ReplicaSets.',
    {
      ...objectHeader('Deployment'),
      spec: ref(A + 'DeploymentSpec', 'The desired pods, how many, and how to roll out changes.'),
      status: ref(A + 'DeploymentStatus', 'Progress of the rollout, as seen by the controller.'),
    },
  ),
  [A + 'DeploymentSpec']: struct(
    'The desired state of a deployment.',
    {
      minReadySeconds: int('Seconds a new pod must stay ready before it counts as available.'),
      paused: bool('While true, template changes do not start a rollout.'),
      progressDeadlineSeconds: int(
        'Seconds without progress before the rollout is reported as failed.',
      ),
      replicas: int('How many pods to run; 1 when unset.'),
      revisionHistoryLimit: int('How many old ReplicaSets to keep for rollback.'),
      selector: selector('deployment'),
      strategy: {
        ...ref(A + 'DeploymentStrategy', 'How old pods are replaced by new ones.'),
        ...RETAIN_KEYS,
      },
      template: template('deployment'),
    },
    ['selector', 'template'],
  ),
  [A + 'DeploymentStrategy']: struct('How a deployment replaces pods.', {
    rollingUpdate: ref(
      A + 'RollingUpdateDeployment',
      'Limits of a rolling update; only with type RollingUpdate.',
    ),
    type: str('RollingUpdate (default) or Recreate (stop all old pods first).'),
  }),
  [A + 'RollingUpdateDeployment']: struct('Pace of a rolling update.', {
    maxSurge: intOrString('Pods allowed above replicas during the update (number or percent).'),
    maxUnavailable: intOrString(
      'Pods allowed to be unavailable during the update (number or percent).',
    ),
  }),
  [A + 'DeploymentStatus']: struct('The observed state of a deployment.', {
    availableReplicas: int('Pods ready for at least minReadySeconds.'),
    collisionCount: int('Bumped to avoid name clashes of new ReplicaSets.'),
    conditions: refList(
      A + 'DeploymentCondition',
      'Available, Progressing, ReplicaFailure.',
      mergeBy('type'),
    ),
    observedGeneration,
    readyReplicas: int('Pods whose Ready condition is True.'),
    replicas: int('Pods that exist for this deployment, old and new.'),
    unavailableReplicas: int('Pods still needed to reach full availability.'),
    updatedReplicas: int('Pods already running the current template.'),
  }),
  [A + 'DeploymentCondition']: condition('Deployment', 'Available, Progressing or ReplicaFailure'),
  [A + 'ReplicaSet']: struct(
    'Keeps a given number of identical pods running; usually managed by a Deployment.',
    {
      ...objectHeader('ReplicaSet'),
      spec: ref(A + 'ReplicaSetSpec', 'The desired pods and how many.'),
      status: ref(A + 'ReplicaSetStatus', 'How many pods exist and are ready.'),
    },
  ),
  [A + 'ReplicaSetSpec']: struct(
    'The desired state of a replica set.',
    {
      minReadySeconds: int('Seconds a new pod must stay ready before it counts as available.'),
      replicas: int('How many pods to run; 1 when unset.'),
      selector: selector('replica set'),
      template: ref(CORE + 'PodTemplateSpec', 'The pod created when too few match the selector.'),
    },
    ['selector'],
  ),
  [A + 'ReplicaSetStatus']: struct(
    'The observed state of a replica set.',
    {
      availableReplicas: int('Pods ready for at least minReadySeconds.'),
      conditions: refList(A + 'ReplicaSetCondition', 'Current state conditions.', mergeBy('type')),
      fullyLabeledReplicas: int('Pods whose labels match the template labels.'),
      observedGeneration,
      readyReplicas: int('Pods whose Ready condition is True.'),
      replicas: int('Pods currently matched by the selector.'),
    },
    ['replicas'],
  ),
  [A + 'ReplicaSetCondition']: condition('ReplicaSet', 'ReplicaFailure'),
  [A + 'DaemonSet']: struct('Runs one copy of a pod on every (selected) node.', {
    ...objectHeader('DaemonSet'),
    spec: ref(A + 'DaemonSetSpec', 'The pod to run on each node and how to update it.'),
    status: ref(A + 'DaemonSetStatus', 'How many nodes run the pod.'),
  }),
  [A + 'DaemonSetSpec']: struct(
    'The desired state of a daemon set.',
    {
      minReadySeconds: int('Seconds a new pod must stay ready before it counts as available.'),
      revisionHistoryLimit: int('How many old revisions to keep for rollback.'),
      selector: selector('daemon set'),
      template: template('daemon set'),
      updateStrategy: ref(A + 'DaemonSetUpdateStrategy', 'How pods are replaced on change.'),
    },
    ['selector', 'template'],
  ),
  [A + 'DaemonSetUpdateStrategy']: struct('How a daemon set replaces pods.', {
    rollingUpdate: ref(A + 'RollingUpdateDaemonSet', 'Pace of a rolling update.'),
    type: str('RollingUpdate (default) or OnDelete (replace only pods deleted by hand).'),
  }),
  [A + 'RollingUpdateDaemonSet']: struct('Pace of a daemon set rolling update.', {
    maxSurge: intOrString('Nodes that may run an old and a new pod at once.'),
    maxUnavailable: intOrString('Nodes that may lack an available pod during the update.'),
  }),
  [A + 'DaemonSetStatus']: struct(
    'The observed state of a daemon set.',
    {
      collisionCount: int('Bumped to avoid name clashes of new revisions.'),
      conditions: refList(A + 'DaemonSetCondition', 'Current state conditions.', mergeBy('type')),
      currentNumberScheduled: int('Nodes running the pod that should.'),
      desiredNumberScheduled: int('Nodes that should run the pod.'),
      numberAvailable: int('Nodes whose pod is available.'),
      numberMisscheduled: int('Nodes running the pod that should not.'),
      numberReady: int('Nodes whose pod is ready.'),
      numberUnavailable: int('Nodes that should run an available pod but do not.'),
      observedGeneration,
      updatedNumberScheduled: int('Nodes running the current template.'),
    },
    ['currentNumberScheduled', 'desiredNumberScheduled', 'numberMisscheduled', 'numberReady'],
  ),
  [A + 'DaemonSetCondition']: condition('DaemonSet', 'none are defined upstream yet'),
};
