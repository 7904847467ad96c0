/** Public surface of the scheduler (cmd/scheduler.ts and tests import from here). */
export { Scheduler, DEFAULT_SCHEDULER_NAME } from './scheduler';
export type { SchedulerOptions, SchedulerStats } from './scheduler';
export { DECISION_ANNOTATION } from './decision';
export type { SchedulingDecision, NodeRejection, NodeScores } from './decision';
export { DEFAULT_PLUGINS, inTreeRegistry } from './plugins/registry';
export { Framework } from './framework/runtime';
export type { PluginConfig } from './framework/runtime';
export { fitErrorMessage } from './framework/fit-error';
export { numFeasibleNodesToFind } from './framework/num-feasible';
export { SchedulingQueue } from './queue/scheduling-queue';
export { SchedulerCache } from './cache/scheduler-cache';
export * from './framework/interface';
export { Status } from './framework/status';
export { CycleState } from './framework/cycle-state';
export { NodeInfo } from './framework/node-info';
export { newPodInfo } from './framework/pod-info';
export type { PodInfo } from './framework/pod-info';
