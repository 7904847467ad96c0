/**
 * The smaller core/v1 kinds: Namespace, ConfigMap, Secret, ServiceAccount, Event, ComponentStatus,
 * and ObjectReference (which events and endpoints point with).
 */
import {
  CORE,
  bool,
  int,
  mergeBy,
  microTime,
  objectHeader,
  ref,
  refList,
  str,
  strList,
  strMap,
  struct,
  time,
  type Definitions,
} from './builder';

const C = CORE;

export const CORE_DEFINITIONS: Definitions = {
  [C + 'Namespace']: struct('A named scope for objects, and the unit of most access rules.', {
    ...objectHeader('Namespace'),
    spec: ref(C + 'NamespaceSpec', 'Cleanups that must run before the namespace disappears.'),
    status: ref(C + 'NamespaceStatus', 'Whether the namespace is active or being deleted.'),
  }),
  [C + 'NamespaceSpec']: struct('The desired state of a namespace.', {
    finalizers: strList('Cleanups that must finish before the namespace is removed.'),
  }),
  [C + 'NamespaceStatus']: struct('The observed state of a namespace.', {
    conditions: refList(
      C + 'NamespaceCondition',
      'Problems met while deleting the content.',
      mergeBy('type'),
    ),
    phase: str('Active, or Terminating once deletion started.'),
  }),
  [C + 'NamespaceCondition']: struct(
    'One aspect of a namespace’s deletion progress.',
    {
      lastTransitionTime: time('When status last changed.'),
      message: str('Details for humans.'),
      reason: str('CamelCase reason for the last change.'),
      status: str('True, False or Unknown.'),
      type: str('Which aspect, e.g. NamespaceDeletionContentFailure.'),
    },
    ['status', 'type'],
  ),
  [C + 'ConfigMap']: struct('Non-secret configuration as key/value pairs for pods to consume.', {
    ...objectHeader('ConfigMap'),
    binaryData: {
      type: 'object',
      additionalProperties: { type: 'string', format: 'byte' },
      description: 'Binary values, base64-encoded; keys must not repeat those in data.',
    },
    data: strMap('Text values by key.'),
    immutable: bool('When true, data can no longer be changed, only the object deleted.'),
  }),
  [C + 'Secret']: struct('Sensitive data (passwords, tokens, keys) for pods to consume.', {
    ...objectHeader('Secret'),
    data: {
      type: 'object',
      additionalProperties: { type: 'string', format: 'byte' },
      description: 'Values by key, base64-encoded.',
    },
    immutable: bool('When true, data can no longer be changed, only the object deleted.'),
    stringData: strMap('Plain-text values merged into data on write; never returned on read.'),
    type: str('What the secret holds, e.g. Opaque or kubernetes.io/tls.'),
  }),
  [C + 'ServiceAccount']: struct('An identity for processes running in pods.', {
    ...objectHeader('ServiceAccount'),
    automountServiceAccountToken: bool('Whether pods get this account’s token mounted.'),
    imagePullSecrets: refList(
      C + 'LocalObjectReference',
      'Registry credentials added to pods that use this account.',
    ),
    secrets: refList(
      C + 'ObjectReference',
      'Secrets pods of this account may use (legacy).',
      mergeBy('name'),
    ),
  }),
  [C + 'ObjectReference']: struct('Points at another object, possibly in another namespace.', {
    apiVersion: str('API version of the target.'),
    fieldPath: str('A part of the target, e.g. spec.containers{web}.'),
    kind: str('Kind of the target.'),
    name: str('Name of the target.'),
    namespace: str('Namespace of the target.'),
    resourceVersion: str('The target’s resourceVersion the reference was made at.'),
    uid: str('UID of the target.'),
  }),
  [C + 'Event']: struct(
    'A report of something that happened to an object, such as a pull, a kill or a schedule.',
    {
      action: str('What was done or failed, e.g. Binding.'),
      ...objectHeader('Event'),
      count: int('How often this event was seen.'),
      eventTime: microTime('When the event first happened, with microseconds.'),
      firstTimestamp: time('When the event was first recorded.'),
      involvedObject: ref(C + 'ObjectReference', 'The object the event is about.'),
      lastTimestamp: time('When the event was most recently seen.'),
      message: str('What happened, for humans.'),
      reason: str('Short CamelCase reason, e.g. FailedScheduling.'),
      related: ref(C + 'ObjectReference', 'A second object involved, if any.'),
      reportingComponent: str('The controller that emitted the event.'),
      reportingInstance: str('The instance (e.g. node) of that controller.'),
      series: ref(C + 'EventSeries', 'Repetition data for an event that keeps recurring.'),
      source: ref(C + 'EventSource', 'The component and host that reported it.'),
      type: str('Normal or Warning.'),
    },
    ['involvedObject', 'metadata'],
  ),
  [C + 'EventSource']: struct('Where an event came from.', {
    component: str('The reporting component, e.g. kubelet.'),
    host: str('The node it ran on.'),
  }),
  [C + 'EventSeries']: struct('Repetition data of a recurring event.', {
    count: int('Occurrences so far.'),
    lastObservedTime: microTime('When it was last seen.'),
  }),
  [C + 'ComponentStatus']: struct(
    'Health of a control-plane component (deprecated, still printed by kubectl get cs).',
    {
      ...objectHeader('ComponentStatus'),
      conditions: refList(
        C + 'ComponentCondition',
        'Health checks of the component.',
        mergeBy('type'),
      ),
    },
  ),
  [C + 'ComponentCondition']: struct(
    'One health check of a component.',
    {
      error: str('The error of a failed check.'),
      message: str('The check’s output.'),
      status: str('True, False or Unknown.'),
      type: str('Healthy.'),
    },
    ['status', 'type'],
  ),
};
