/**
 * THE contract between the renderer and the lab host: every invoke call and every event stream.
 * Electron IPC (preload) and the browser-mode WebSocket both carry exactly this. Channel ids follow
 * `domain:verb` for calls and `domain:noun-changed` for events; the API names are camelCase.
 */
import type { ApplySequence } from '../apply-sequence';
import type { TraceEvent } from '../trace';
import type { AppInfo } from './app';
import type {
  ApplyResult,
  ClusterSpec,
  ClusterStatus,
  DriverInfo,
  ObjectChange,
  ObjectRef,
  ObjectSnapshot,
} from './cluster';
import { event, invoke, type ApiOf, type HandlersOf } from './contract-kit';
import type { ActiveFault, FaultKindInfo, FaultRequest, FaultsState } from './faults';
import type { Settings } from './settings';
import type {
  TerminalInfo,
  TerminalOpen,
  TerminalOpened,
  TerminalOutput,
  TerminalResize,
  TerminalWrite,
} from './terminals';

export const CONTRACT = {
  app: {
    info: invoke<void, AppInfo>('app:info'),
  },
  cluster: {
    /** Which drivers this machine can use (VM drivers report why not). */
    drivers: invoke<void, DriverInfo[]>('cluster:drivers'),
    /** Starts creating a cluster; progress arrives on onStatusChanged. Fails if one exists. */
    create: invoke<ClusterSpec, ClusterStatus>('cluster:create'),
    /** Stops the cluster, reverting every fault first. */
    stop: invoke<void, ClusterStatus>('cluster:stop'),
    status: invoke<void, ClusterStatus>('cluster:status'),
    onStatusChanged: event<ClusterStatus>('cluster:status-changed'),
  },
  objects: {
    /** Every watched object now; changes then stream on onChanged. */
    snapshot: invoke<void, ObjectSnapshot>('objects:snapshot'),
    /** One object as YAML, for the editor. */
    yaml: invoke<ObjectRef, string>('objects:yaml'),
    /** Creates or updates every document of a YAML text, like `kubectl apply -f`. */
    apply: invoke<{ yaml: string }, ApplyResult[]>('objects:apply'),
    delete: invoke<ObjectRef, void>('objects:delete'),
    /** Batches of object changes (aggregated by the host, at most a few per second per object). */
    onChanged: event<ObjectChange[]>('objects:changed'),
  },
  traces: {
    /** The most recent trace events (the host keeps a bounded ring). */
    recent: invoke<{ limit?: number }, TraceEvent[]>('traces:recent'),
    /** The recent applies (Deployment or Pod), each as the trace events it set off, in order. */
    sequences: invoke<void, ApplySequence[]>('traces:sequences'),
    /** Batches of trace events as they happen. */
    onBatch: event<TraceEvent[]>('traces:batch-changed'),
  },
  faults: {
    catalogue: invoke<void, FaultKindInfo[]>('faults:catalogue'),
    apply: invoke<FaultRequest, ActiveFault>('faults:apply'),
    revert: invoke<{ id: string }, void>('faults:revert'),
    revertAll: invoke<void, void>('faults:revert-all'),
    state: invoke<void, FaultsState>('faults:state'),
    onChanged: event<FaultsState>('faults:state-changed'),
  },
  terminals: {
    list: invoke<void, TerminalInfo[]>('terminals:list'),
    open: invoke<TerminalOpen, TerminalOpened>('terminals:open'),
    /** Re-attach a view: the session's backlog. */
    attach: invoke<{ id: string }, TerminalOpened>('terminals:attach'),
    write: invoke<TerminalWrite, void>('terminals:write'),
    resize: invoke<TerminalResize, void>('terminals:resize'),
    close: invoke<{ id: string }, void>('terminals:close'),
    onOutput: event<TerminalOutput>('terminals:output-changed'),
  },
  settings: {
    get: invoke<void, Settings>('settings:get'),
    update: invoke<Partial<Settings>, Settings>('settings:update'),
    /** Problems found loading the settings (a corrupt file set aside), for the UI to show once. */
    notices: invoke<void, string[]>('settings:notices'),
  },
} as const;

export type Contract = typeof CONTRACT;

/** What `window.api` is (built by the preload, or by the browser-mode WebSocket client). */
export type RendererApi = ApiOf<Contract>;

/** What the host implements: one handler per invoke channel id. */
export type ContractHandlers = HandlersOf<Contract>;
