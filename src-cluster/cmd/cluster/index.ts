/** The no-VM composition root's public surface (the CLI and the desktop lab host import this). */
export { startEmbeddedCluster } from './embedded-cluster';
export type {
  EmbeddedCluster,
  EmbeddedClusterFlags,
  EmbeddedClusterOptions,
} from './embedded-cluster';
export type { ComponentHealth } from './health';
export type { HostNodeInstance } from './host-node-instance';
export { FAULT_KINDS } from '../../faults/catalogue';
