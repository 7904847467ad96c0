/** kill-scheduler: kills the leading kube-scheduler; another master's takes over (see kill-leader). */
import type { FaultKind } from './fault';
import { KillLeader } from './kill-leader';

export const killScheduler: FaultKind = {
  kind: 'kill-scheduler',
  usage: '',
  summary: 'kill the active kube-scheduler (a standby takes over after the lease expires)',
  create: (ctx) => new KillLeader('kill-scheduler', 'scheduler', ctx),
};
