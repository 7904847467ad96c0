/**
 * core/v1 probes and lifecycle hooks: Probe (ProbeHandler inline), exec/httpGet/tcpSocket/grpc/sleep actions.
 * Field numbers and wire types are facts of upstream's generated.proto; this table is kubelab's own.
 */
import {
  i32,
  i64,
  i64P,
  inline,
  msgP,
  msgs,
  special,
  str,
  strP,
  strs,
  type MessageTable,
} from './types';

export const CORE_PROBE: MessageTable = {
  'core.Probe': {
    1: inline('core.ProbeHandler'),
    2: i32('initialDelaySeconds'),
    3: i32('timeoutSeconds'),
    4: i32('periodSeconds'),
    5: i32('successThreshold'),
    6: i32('failureThreshold'),
    7: i64P('terminationGracePeriodSeconds'),
  },
  'core.ProbeHandler': {
    1: msgP('exec', 'core.ExecAction'),
    2: msgP('httpGet', 'core.HTTPGetAction'),
    3: msgP('tcpSocket', 'core.TCPSocketAction'),
    4: msgP('grpc', 'core.GRPCAction'),
  },
  'core.Lifecycle': {
    1: msgP('postStart', 'core.LifecycleHandler'),
    2: msgP('preStop', 'core.LifecycleHandler'),
    3: strP('stopSignal'),
  },
  'core.LifecycleHandler': {
    1: msgP('exec', 'core.ExecAction'),
    2: msgP('httpGet', 'core.HTTPGetAction'),
    3: msgP('tcpSocket', 'core.TCPSocketAction'),
    4: msgP('sleep', 'core.SleepAction'),
  },
  'core.HTTPGetAction': {
    1: str('path'),
    2: special('port', 'IntOrString', 'single'),
    3: str('host'),
    4: str('scheme'),
    5: msgs('httpHeaders', 'core.HTTPHeader'),
    6: strP('protocol'),
  },
  'core.HTTPHeader': {
    1: str('name'),
    2: str('value'),
  },
  'core.ExecAction': {
    1: strs('command'),
  },
  'core.TCPSocketAction': {
    1: special('port', 'IntOrString', 'single'),
    2: str('host'),
  },
  'core.GRPCAction': {
    1: i32('port'),
    2: strP('service'),
    3: strP('mode'),
  },
  'core.SleepAction': {
    1: i64('seconds'),
  },
};
