/**
 * The control channel between the lab host and the cluster child process (Node IPC messages).
 * The child runs the no-VM cluster under the system Node (better-sqlite3 is built for Node's ABI,
 * not Electron's); the host reaches the cluster's API through the kubeconfig like any client and
 * uses this channel only for what the API does not carry: traces, component health and faults.
 */
import type { TraceEvent } from '../../src-shared/trace';
import type { ClusterSpec, ComponentHealth, StartupStep } from '../../src-shared/ipc';

/** Host → child. */
export type HostMessage =
  | { type: 'start'; spec: ClusterSpec; dataDir: string }
  | { type: 'request'; reqId: number; op: ChildOp; args?: unknown }
  | { type: 'stop' };

/** Operations the host may ask of the child. */
export type ChildOp = 'faults.catalogue' | 'faults.apply' | 'faults.revert' | 'health';

/** Child → host. */
export type ChildMessage =
  | { type: 'step'; step: StartupStep }
  | {
      type: 'ready';
      kubeconfig: string;
      server: string;
      nodes: string[];
      components: ComponentHealth[];
      /** Set when the cluster runs with reduced capability (why). */
      note?: string;
    }
  | { type: 'health'; components: ComponentHealth[] }
  | { type: 'traces'; events: TraceEvent[] }
  | { type: 'reply'; reqId: number; ok: true; value?: unknown }
  | { type: 'reply'; reqId: number; ok: false; error: string }
  | { type: 'fatal'; message: string }
  | { type: 'stopped' };
