/**
 * meta/v1 messages every object shares: ObjectMeta and its parts, LabelSelector, DeleteOptions, Condition.
 * Field numbers and wire types are facts of upstream's generated.proto; this table is kubelab's own.
 */
import {
  boolP,
  i64,
  i64P,
  map,
  msgP,
  msgs,
  special,
  str,
  strP,
  strs,
  type MessageTable,
} from './types';

export const META: MessageTable = {
  'meta.ObjectMeta': {
    1: str('name'),
    2: str('generateName'),
    3: str('namespace'),
    4: str('selfLink'),
    5: str('uid'),
    6: str('resourceVersion'),
    7: i64('generation'),
    8: special('creationTimestamp', 'Time', 'single'),
    9: special('deletionTimestamp', 'Time', 'optional'),
    10: i64P('deletionGracePeriodSeconds'),
    11: map('labels', 'string'),
    12: map('annotations', 'string'),
    13: msgs('ownerReferences', 'meta.OwnerReference'),
    14: strs('finalizers'),
    17: msgs('managedFields', 'meta.ManagedFieldsEntry'),
  },
  'meta.OwnerReference': {
    1: str('kind'),
    3: str('name'),
    4: str('uid'),
    5: str('apiVersion'),
    6: boolP('controller'),
    7: boolP('blockOwnerDeletion'),
  },
  'meta.ManagedFieldsEntry': {
    1: str('manager'),
    2: str('operation'),
    3: str('apiVersion'),
    4: special('time', 'Time', 'optional'),
    6: str('fieldsType'),
    7: special('fieldsV1', 'FieldsV1', 'optional'),
    8: str('subresource'),
  },
  'meta.LabelSelector': {
    1: map('matchLabels', 'string'),
    2: msgs('matchExpressions', 'meta.LabelSelectorRequirement'),
  },
  'meta.LabelSelectorRequirement': {
    1: str('key'),
    2: str('operator'),
    3: strs('values'),
  },
  'meta.DeleteOptions': {
    1: i64P('gracePeriodSeconds'),
    2: msgP('preconditions', 'meta.Preconditions'),
    3: boolP('orphanDependents'),
    4: strP('propagationPolicy'),
    5: strs('dryRun'),
    6: boolP('ignoreStoreReadErrorWithClusterBreakingPotential'),
  },
  'meta.Preconditions': {
    1: strP('uid'),
    2: strP('resourceVersion'),
  },
  'meta.Condition': {
    1: str('type'),
    2: str('status'),
    3: i64('observedGeneration'),
    4: special('lastTransitionTime', 'Time', 'single'),
    5: str('reason'),
    6: str('message'),
  },
};
