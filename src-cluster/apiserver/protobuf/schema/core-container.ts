/**
 * core/v1 Container and what it holds: ports, env (and its sources), resources, volume mounts, security context.
 * Field numbers and wire types are facts of upstream's generated.proto; this table is kubelab's own.
 */
import {
  bool,
  boolP,
  i32,
  i64P,
  inline,
  map,
  msg,
  msgP,
  msgs,
  special,
  str,
  strP,
  strs,
  type MessageTable,
  type MessageSchema,
} from './types';

/** Container and EphemeralContainerCommon share field numbers and JSON names. */
const CONTAINER: MessageSchema = {
  1: str('name'),
  2: str('image'),
  3: strs('command'),
  4: strs('args'),
  5: str('workingDir'),
  6: msgs('ports', 'core.ContainerPort'),
  7: msgs('env', 'core.EnvVar'),
  8: msg('resources', 'core.ResourceRequirements'),
  9: msgs('volumeMounts', 'core.VolumeMount'),
  10: msgP('livenessProbe', 'core.Probe'),
  11: msgP('readinessProbe', 'core.Probe'),
  12: msgP('lifecycle', 'core.Lifecycle'),
  13: str('terminationMessagePath'),
  14: str('imagePullPolicy'),
  15: msgP('securityContext', 'core.SecurityContext'),
  16: bool('stdin'),
  17: bool('stdinOnce'),
  18: bool('tty'),
  19: msgs('envFrom', 'core.EnvFromSource'),
  20: str('terminationMessagePolicy'),
  21: msgs('volumeDevices', 'core.VolumeDevice'),
  22: msgP('startupProbe', 'core.Probe'),
  23: msgs('resizePolicy', 'core.ContainerResizePolicy'),
  24: strP('restartPolicy'),
};

export const CORE_CONTAINER: MessageTable = {
  'core.Container': CONTAINER,
  'core.EphemeralContainer': {
    1: inline('core.EphemeralContainerCommon'),
    2: str('targetContainerName'),
  },
  'core.EphemeralContainerCommon': CONTAINER,
  'core.ContainerPort': {
    1: str('name'),
    2: i32('hostPort'),
    3: i32('containerPort'),
    4: str('protocol'),
    5: str('hostIP'),
  },
  'core.EnvVar': {
    1: str('name'),
    2: str('value'),
    3: msgP('valueFrom', 'core.EnvVarSource'),
  },
  'core.EnvVarSource': {
    1: msgP('fieldRef', 'core.ObjectFieldSelector'),
    2: msgP('resourceFieldRef', 'core.ResourceFieldSelector'),
    3: msgP('configMapKeyRef', 'core.ConfigMapKeySelector'),
    4: msgP('secretKeyRef', 'core.SecretKeySelector'),
  },
  'core.ConfigMapKeySelector': {
    1: inline('core.LocalObjectReference'),
    2: str('key'),
    3: boolP('optional'),
  },
  'core.SecretKeySelector': {
    1: inline('core.LocalObjectReference'),
    2: str('key'),
    3: boolP('optional'),
  },
  'core.ObjectFieldSelector': {
    1: str('apiVersion'),
    2: str('fieldPath'),
  },
  'core.ResourceFieldSelector': {
    1: str('containerName'),
    2: str('resource'),
    3: special('divisor', 'Quantity', 'single'),
  },
  'core.EnvFromSource': {
    1: str('prefix'),
    2: msgP('configMapRef', 'core.ConfigMapEnvSource'),
    3: msgP('secretRef', 'core.SecretEnvSource'),
  },
  'core.ConfigMapEnvSource': {
    1: inline('core.LocalObjectReference'),
    2: boolP('optional'),
  },
  'core.SecretEnvSource': {
    1: inline('core.LocalObjectReference'),
    2: boolP('optional'),
  },
  'core.ResourceRequirements': {
    1: map('limits', 'Quantity'),
    2: map('requests', 'Quantity'),
    3: msgs('claims', 'core.ResourceClaim'),
  },
  'core.ResourceClaim': {
    1: str('name'),
    2: str('request'),
  },
  'core.VolumeMount': {
    1: str('name'),
    2: bool('readOnly'),
    3: str('mountPath'),
    4: str('subPath'),
    5: strP('mountPropagation'),
    6: str('subPathExpr'),
    7: strP('recursiveReadOnly'),
    8: strs('bindMountOptions'),
  },
  'core.VolumeDevice': {
    1: str('name'),
    2: str('devicePath'),
  },
  'core.SecurityContext': {
    1: msgP('capabilities', 'core.Capabilities'),
    2: boolP('privileged'),
    3: msgP('seLinuxOptions', 'core.SELinuxOptions'),
    4: i64P('runAsUser'),
    5: boolP('runAsNonRoot'),
    6: boolP('readOnlyRootFilesystem'),
    7: boolP('allowPrivilegeEscalation'),
    8: i64P('runAsGroup'),
    9: strP('procMount'),
    10: msgP('windowsOptions', 'core.WindowsSecurityContextOptions'),
    11: msgP('seccompProfile', 'core.SeccompProfile'),
    12: msgP('appArmorProfile', 'core.AppArmorProfile'),
  },
  'core.Capabilities': {
    1: strs('add'),
    2: strs('drop'),
  },
  'core.ContainerResizePolicy': {
    1: str('resourceName'),
    2: str('restartPolicy'),
  },
};
