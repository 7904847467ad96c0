/**
 * apimachinery definitions every kind shares: object and list metadata, owner references, label
 * selectors, conditions, and the scalar wrappers (Time, Quantity, IntOrString) that travel as strings.
 */
import {
  INT_OR_STRING,
  META,
  MERGE_SET,
  QUANTITY,
  bool,
  refList,
  long,
  mergeBy,
  ref,
  str,
  strList,
  strMap,
  struct,
  time,
  type Definitions,
} from './builder';

export const META_DEFINITIONS: Definitions = {
  [META + 'ObjectMeta']: struct(
    'Metadata every persisted object carries: who it is, how it is labelled and who owns it.',
    {
      annotations: strMap(
        'Free-form key/value notes for tools and people; not used for selection.',
      ),
      creationTimestamp: time('When the server first stored the object; set by the server.'),
      deletionGracePeriodSeconds: long(
        'Seconds the object is given to shut down once deletion was requested; set by the server.',
      ),
      deletionTimestamp: time(
        'When deletion was requested; the object lingers until its finalizers are gone.',
      ),
      finalizers: strList(
        'Names of cleanups that must finish before the object is really removed.',
        MERGE_SET,
      ),
      generateName: str(
        'A prefix from which the server builds a unique name when no name is given.',
      ),
      generation: long('Counts changes to the desired state (spec); set by the server.'),
      labels: strMap('Key/value pairs that selectors (Services, controllers) match against.'),
      managedFields: refList(
        META + 'ManagedFieldsEntry',
        'Which client last set which fields; maintained by the server for server-side apply.',
      ),
      name: str('The name, unique among objects of this kind in the namespace.'),
      namespace: str('The namespace the object lives in; empty for cluster-scoped kinds.'),
      ownerReferences: refList(
        META + 'OwnerReference',
        'Objects this one belongs to; the garbage collector deletes it when they are gone.',
        mergeBy('uid'),
      ),
      resourceVersion: str(
        'Opaque version of this object used for optimistic concurrency and watches.',
      ),
      selfLink: str('Deprecated URL of the object; no longer filled in.'),
      uid: str('Unique id the server assigns at creation; never reused.'),
    },
  ),
  [META + 'ListMeta']: struct('Metadata of a list response.', {
    continue: str('Token to pass back as ?continue= to fetch the next page of a chunked list.'),
    remainingItemCount: long('Estimated number of items not yet returned, when paging.'),
    resourceVersion: str('The store revision the list was read at; a watch can start from here.'),
    selfLink: str('Deprecated URL of the list; no longer filled in.'),
  }),
  [META + 'OwnerReference']: struct(
    'Points at an object that owns this one, in the same namespace.',
    {
      apiVersion: str('API version of the owner.'),
      blockOwnerDeletion: bool(
        'When true, a foreground deletion of the owner waits until this object is gone.',
      ),
      controller: bool('True for the single owner that manages this object.'),
      kind: str('Kind of the owner.'),
      name: str('Name of the owner.'),
      uid: str('UID of the owner; a new object with the same name is a different owner.'),
    },
    ['apiVersion', 'kind', 'name', 'uid'],
  ),
  [META + 'LabelSelector']: struct(
    'Selects objects by their labels; all terms must match, and an empty selector matches all.',
    {
      matchExpressions: refList(
        META + 'LabelSelectorRequirement',
        'Set-based terms (In, NotIn, Exists, DoesNotExist).',
      ),
      matchLabels: strMap('Labels that must be present with exactly these values.'),
    },
  ),
  [META + 'LabelSelectorRequirement']: struct(
    'One set-based term of a label selector.',
    {
      key: str('The label key the term looks at.'),
      operator: str('How the label is compared: In, NotIn, Exists or DoesNotExist.'),
      values: strList('Values for In and NotIn; must be empty for Exists and DoesNotExist.'),
    },
    ['key', 'operator'],
  ),
  [META + 'Condition']: struct(
    "One aspect of an object's current state, in the standard condition shape.",
    {
      lastTransitionTime: time('When status last changed.'),
      message: str('Human-readable details about the transition.'),
      observedGeneration: long('The metadata.generation the condition was computed from.'),
      reason: str('Machine-readable CamelCase reason for the last transition.'),
      status: str('True, False or Unknown.'),
      type: str('The aspect this condition reports on, in CamelCase.'),
    },
    ['lastTransitionTime', 'message', 'reason', 'status', 'type'],
  ),
  [META + 'ManagedFieldsEntry']: struct(
    'The set of fields one manager owns, recorded for server-side apply.',
    {
      apiVersion: str('The API version the field set is expressed in.'),
      fieldsType: str('The format of fieldsV1; always "FieldsV1".'),
      fieldsV1: ref(META + 'FieldsV1', 'The owned fields, as a tree of field paths.'),
      manager: str('Name of the client that manages these fields.'),
      operation: str('Apply or Update: how the manager last wrote the fields.'),
      subresource: str('The subresource written through, if any (e.g. status).'),
      time: time('When the manager last changed a field.'),
    },
  ),
  [META + 'FieldsV1']: {
    type: 'object',
    description: 'A tree of field paths in the compact server-side-apply encoding.',
  },
  [META + 'Time']: {
    type: 'string',
    format: 'date-time',
    description: 'A timestamp in RFC 3339 form with second precision.',
  },
  [META + 'MicroTime']: {
    type: 'string',
    format: 'date-time',
    description: 'A timestamp in RFC 3339 form with microsecond precision.',
  },
  [QUANTITY]: {
    type: 'string',
    description: 'A decimal or binary amount with an optional suffix, such as 250m, 1.5 or 128Mi.',
  },
  [INT_OR_STRING]: {
    type: 'string',
    format: 'int-or-string',
    description: 'Either a whole number or a string such as a port name or a percentage.',
  },
};
