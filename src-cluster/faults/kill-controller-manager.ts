/** kill-controller-manager: kills the leading kube-controller-manager (see kill-leader). */
import type { FaultKind } from './fault';
import { KillLeader } from './kill-leader';

export const killControllerManager: FaultKind = {
  kind: 'kill-controller-manager',
  usage: '',
  summary: 'kill the active kube-controller-manager (a standby takes over after the lease expires)',
  create: (ctx) => new KillLeader('kill-controller-manager', 'controller-manager', ctx),
};
