/**
 * core/v1 volumes: Volume (VolumeSource inline) and the sources a lab uses: emptyDir, hostPath, configMap, secret, persistentVolumeClaim, downwardAPI, projected, nfs, image. Cloud and legacy in-tree sources are absent on purpose: they decode as recorded unknown fields.
 * Field numbers and wire types are facts of upstream's generated.proto; this table is kubelab's own.
 */
import {
  bool,
  boolP,
  i32P,
  i64P,
  inline,
  msgP,
  msgs,
  special,
  str,
  strP,
  type MessageTable,
} from './types';

export const CORE_VOLUME: MessageTable = {
  'core.Volume': {
    1: str('name'),
    2: inline('core.VolumeSource'),
  },
  'core.VolumeSource': {
    1: msgP('hostPath', 'core.HostPathVolumeSource'),
    2: msgP('emptyDir', 'core.EmptyDirVolumeSource'),
    6: msgP('secret', 'core.SecretVolumeSource'),
    7: msgP('nfs', 'core.NFSVolumeSource'),
    10: msgP('persistentVolumeClaim', 'core.PersistentVolumeClaimVolumeSource'),
    16: msgP('downwardAPI', 'core.DownwardAPIVolumeSource'),
    19: msgP('configMap', 'core.ConfigMapVolumeSource'),
    26: msgP('projected', 'core.ProjectedVolumeSource'),
    30: msgP('image', 'core.ImageVolumeSource'),
  },
  'core.EmptyDirVolumeSource': {
    1: str('medium'),
    2: special('sizeLimit', 'Quantity', 'optional'),
    3: i32P('mode'),
  },
  'core.HostPathVolumeSource': {
    1: str('path'),
    2: strP('type'),
  },
  'core.ConfigMapVolumeSource': {
    1: inline('core.LocalObjectReference'),
    2: msgs('items', 'core.KeyToPath'),
    3: i32P('defaultMode'),
    4: boolP('optional'),
    5: i64P('defaultUser'),
  },
  'core.SecretVolumeSource': {
    1: str('secretName'),
    2: msgs('items', 'core.KeyToPath'),
    3: i32P('defaultMode'),
    4: boolP('optional'),
    5: i64P('defaultUser'),
  },
  'core.KeyToPath': {
    1: str('key'),
    2: str('path'),
    3: i32P('mode'),
    4: i64P('user'),
  },
  'core.PersistentVolumeClaimVolumeSource': {
    1: str('claimName'),
    2: bool('readOnly'),
  },
  'core.DownwardAPIVolumeSource': {
    1: msgs('items', 'core.DownwardAPIVolumeFile'),
    2: i32P('defaultMode'),
    3: i64P('defaultUser'),
  },
  'core.DownwardAPIVolumeFile': {
    1: str('path'),
    2: msgP('fieldRef', 'core.ObjectFieldSelector'),
    3: msgP('resourceFieldRef', 'core.ResourceFieldSelector'),
    4: i32P('mode'),
    5: i64P('user'),
  },
  'core.ProjectedVolumeSource': {
    1: msgs('sources', 'core.VolumeProjection'),
    2: i32P('defaultMode'),
    3: i64P('defaultUser'),
  },
  'core.VolumeProjection': {
    1: msgP('secret', 'core.SecretProjection'),
    2: msgP('downwardAPI', 'core.DownwardAPIProjection'),
    3: msgP('configMap', 'core.ConfigMapProjection'),
    4: msgP('serviceAccountToken', 'core.ServiceAccountTokenProjection'),
  },
  'core.ConfigMapProjection': {
    1: inline('core.LocalObjectReference'),
    2: msgs('items', 'core.KeyToPath'),
    4: boolP('optional'),
  },
  'core.SecretProjection': {
    1: inline('core.LocalObjectReference'),
    2: msgs('items', 'core.KeyToPath'),
    4: boolP('optional'),
  },
  'core.DownwardAPIProjection': {
    1: msgs('items', 'core.DownwardAPIVolumeFile'),
  },
  'core.ServiceAccountTokenProjection': {
    1: str('audience'),
    2: i64P('expirationSeconds'),
    3: str('path'),
    4: i64P('user'),
  },
  'core.NFSVolumeSource': {
    1: str('server'),
    2: str('path'),
    3: bool('readOnly'),
  },
  'core.ImageVolumeSource': {
    1: str('reference'),
    2: str('pullPolicy'),
  },
};
