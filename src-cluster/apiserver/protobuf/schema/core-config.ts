/**
 * core/v1 configuration and tenancy objects: ConfigMap, Secret, Namespace, ServiceAccount, ResourceQuota, and the object references they use.
 * Field numbers and wire types are facts of upstream's generated.proto; this table is kubelab's own.
 */
import { boolP, map, msg, msgP, msgs, special, str, strP, strs, type MessageTable } from './types';

export const CORE_CONFIG: MessageTable = {
  'core.ConfigMap': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: map('data', 'string'),
    3: map('binaryData', 'bytes'),
    4: boolP('immutable'),
  },
  'core.Secret': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: map('data', 'bytes'),
    3: str('type'),
    4: map('stringData', 'string'),
    5: boolP('immutable'),
  },
  'core.Namespace': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msg('spec', 'core.NamespaceSpec'),
    3: msg('status', 'core.NamespaceStatus'),
  },
  'core.NamespaceSpec': {
    1: strs('finalizers'),
  },
  'core.NamespaceStatus': {
    1: str('phase'),
    2: msgs('conditions', 'core.NamespaceCondition'),
  },
  'core.NamespaceCondition': {
    1: str('type'),
    2: str('status'),
    4: special('lastTransitionTime', 'Time', 'single'),
    5: str('reason'),
    6: str('message'),
  },
  'core.ServiceAccount': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msgs('secrets', 'core.ObjectReference'),
    3: msgs('imagePullSecrets', 'core.LocalObjectReference'),
    4: boolP('automountServiceAccountToken'),
  },
  'core.ObjectReference': {
    1: str('kind'),
    2: str('namespace'),
    3: str('name'),
    4: str('uid'),
    5: str('apiVersion'),
    6: str('resourceVersion'),
    7: str('fieldPath'),
  },
  'core.LocalObjectReference': {
    1: str('name'),
  },
  'core.TypedLocalObjectReference': {
    1: strP('apiGroup'),
    2: str('kind'),
    3: str('name'),
  },
  'core.ResourceQuota': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msg('spec', 'core.ResourceQuotaSpec'),
    3: msg('status', 'core.ResourceQuotaStatus'),
  },
  'core.ResourceQuotaSpec': {
    1: map('hard', 'Quantity'),
    2: strs('scopes'),
    3: msgP('scopeSelector', 'core.ScopeSelector'),
  },
  'core.ResourceQuotaStatus': {
    1: map('hard', 'Quantity'),
    2: map('used', 'Quantity'),
  },
  'core.ScopeSelector': {
    1: msgs('matchExpressions', 'core.ScopedResourceSelectorRequirement'),
  },
  'core.ScopedResourceSelectorRequirement': {
    1: str('scopeName'),
    2: str('operator'),
    3: strs('values'),
  },
};
