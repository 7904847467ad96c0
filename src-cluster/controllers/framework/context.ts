/**
 * What every controller is built from (the controller manager fills it in): one API client, one
 * shared informer factory (so each resource is watched once for all controllers), a Clock, a trace
 * sink, an event recorder per controller, and the flags with upstream names and defaults.
 */
import type { Clock } from '../../../src-shared/util/clock';
import type { TraceSink } from '../../../src-shared/trace';
import type { ApiClient, SharedInformerFactory } from '../../client';
import type { EventRecorder } from '../../client/events/event-recorder';

export interface ControllerManagerFlags {
  /** --node-monitor-grace-period: Ready → Unknown after this long without a heartbeat (kubelab 40s). */
  nodeMonitorGracePeriodMs: number;
  /** --node-monitor-period: how often node health is checked (5s). */
  nodeMonitorPeriodMs: number;
  /** --node-startup-grace-period (60s). */
  nodeStartupGracePeriodMs: number;
  /** --terminated-pod-gc-threshold (12500). */
  terminatedPodGcThreshold: number;
  /** --concurrent-*-syncs: workers per controller (5 for deployments/replicasets upstream). */
  workers: number;
}

export const DEFAULT_CONTROLLER_FLAGS: ControllerManagerFlags = {
  nodeMonitorGracePeriodMs: 40_000,
  nodeMonitorPeriodMs: 5_000,
  nodeStartupGracePeriodMs: 60_000,
  terminatedPodGcThreshold: 12_500,
  workers: 5,
};

export interface ControllerContext {
  client: ApiClient;
  factory: SharedInformerFactory;
  clock: Clock;
  trace: TraceSink;
  /** An event recorder whose source component is `component` ("replicaset-controller", …). */
  recorder(component: string): EventRecorder;
  flags: ControllerManagerFlags;
}

/** A running controller: started after the informer caches have synced. */
export interface Controller {
  readonly name: string;
  run(signal: AbortSignal, workers: number): Promise<void>;
}
