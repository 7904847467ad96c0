/**
 * The lab host: one cluster's lifecycle (create, observe, stop) and everything the UI reaches
 * through the contract — objects, traces, faults, terminals, settings. Electron and browser mode
 * both run exactly this; only the transport to the renderer differs.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ApiClient, HttpTransport, loadKubeconfigFile } from '../../src-cluster/client';
import {
  CONTRACT,
  type ClusterSpec,
  type ClusterStatus,
  type ObjectChange,
} from '../../src-shared/ipc';
import { FaultService, type FaultBackend } from '../faults/fault-service';
import type { HostBus } from '../ipc/host-bus';
import type { SettingsFile } from '../settings/settings-file';
import { TerminalManager } from '../shell/terminal-manager';
import { ClusterProcess } from './cluster-process';
import { availableDrivers } from './drivers';
import { ObjectWatcher, emptySnapshot } from './object-watcher';
import { StartupTimeline } from './startup-timeline';
import { TraceHub } from './trace-hub';
import { nodeNames } from './composition-handle';

export interface LabHostOptions {
  bus: HostBus;
  settings: SettingsFile;
  /** The checkout or unpacked app root (node_modules, sources). */
  rootDir: string;
  /** Where cluster state goes (under the app-data folder). */
  dataDir: string;
  /** The system Node binary for the cluster child. */
  nodeBin: string;
  log?: (line: string) => void;
}

export class LabHost {
  readonly traces: TraceHub;
  readonly faults: FaultService;
  readonly terminals: TerminalManager;
  private status: ClusterStatus = { phase: 'absent', nodes: [], components: [], startup: [] };
  private readonly timeline = new StartupTimeline();
  private proc: ClusterProcess | undefined;
  private client: ApiClient | undefined;
  private transport: HttpTransport | undefined;
  private watcher: ObjectWatcher | undefined;

  constructor(private readonly opts: LabHostOptions) {
    const bus = opts.bus;
    this.traces = new TraceHub((events) => bus.emit(CONTRACT.traces.onBatch, events));
    this.faults = new FaultService({
      backend: () => this.faultBackend(),
      onChanged: (s) => bus.emit(CONTRACT.faults.onChanged, s),
    });
    this.terminals = new TerminalManager({
      kubeconfig: () => this.status.kubeconfig,
      onOutput: (o) => bus.emit(CONTRACT.terminals.onOutput, o),
      cwd: opts.rootDir,
    });
  }

  get settings(): SettingsFile {
    return this.opts.settings;
  }

  getStatus(): ClusterStatus {
    return { ...this.status, startup: this.timeline.list() };
  }

  api(): ApiClient {
    if (!this.client) throw new Error('no cluster is running: create one first');
    return this.client;
  }

  objectsSnapshot() {
    return this.watcher?.snapshot() ?? emptySnapshot();
  }

  create(spec: ClusterSpec): ClusterStatus {
    if (this.status.phase === 'starting' || this.status.phase === 'running') {
      throw new Error('a cluster is already running: stop it first');
    }
    validateSpec(spec);
    this.opts.settings.update({ lastSpec: { masters: spec.masters, workers: spec.workers } });
    const clusterDir = join(this.opts.dataDir, 'clusters', 'default');
    rmSync(clusterDir, { recursive: true, force: true });
    this.timeline.clear();
    const nodes = nodeNames(spec);
    this.status = {
      phase: 'starting',
      spec,
      nodes,
      components: [],
      startup: [],
      startedAt: Date.now(),
    };
    this.proc = new ClusterProcess(
      { rootDir: this.opts.rootDir, nodeBin: this.opts.nodeBin },
      {
        onStep: (step) => {
          this.timeline.upsert(step);
          this.publish();
        },
        onReady: (r) => {
          this.status.components = r.components;
          this.onReady(r.kubeconfig, r.server, r.nodes, r.note);
        },
        onHealth: (components) => {
          if (JSON.stringify(components) === JSON.stringify(this.status.components)) return;
          this.status.components = components;
          this.publish();
        },
        onTraces: (events) => this.traces.add(events),
        onLog: (l) => this.opts.log?.(`[cluster] ${l}`),
        onExit: (message) => this.onExit(message),
      },
    );
    this.proc.start(spec, clusterDir);
    this.publish();
    return this.getStatus();
  }

  async stop(): Promise<ClusterStatus> {
    if (!this.proc) return this.getStatus();
    this.status.phase = 'stopping';
    this.publish();
    await this.faults.revertAll();
    this.watcher?.stop();
    await this.proc.stop();
    this.teardown();
    this.status = { phase: 'absent', nodes: [], components: [], startup: [] };
    this.timeline.clear();
    // A replay of an apply on a cluster that no longer exists would show objects that are gone.
    this.traces.applies.clear();
    this.publish();
    return this.getStatus();
  }

  /** Quit: revert every fault, stop the cluster, end terminals. */
  async shutdown(): Promise<void> {
    await this.terminals.closeAll();
    await this.stop().catch(() => undefined);
    this.traces.close();
  }

  private onReady(kubeconfig: string, server: string, nodes: string[], note?: string): void {
    const kc = loadKubeconfigFile(kubeconfig);
    this.transport = new HttpTransport(kc.transport);
    // The UI's own writes (YAML apply, delete) are traced like kubectl's: they start a causal chain.
    const traces = this.traces;
    this.client = new ApiClient({
      transport: this.transport,
      component: 'kubelab-ui',
      trace: {
        emit: (e) => {
          if (!['get', 'list', 'watch'].includes(e.verb)) traces.add([e]);
        },
      },
    });
    this.watcher = new ObjectWatcher({
      client: this.client,
      onChanges: (changes) => this.onObjects(changes),
    });
    this.watcher.start();
    Object.assign(this.status, {
      phase: 'running',
      kubeconfig,
      server: server || kc.transport.server,
      nodes,
      ...(note ? { message: note } : {}),
    });
    this.publish();
  }

  private onObjects(changes: ObjectChange[]): void {
    this.opts.bus.emit(CONTRACT.objects.onChanged, changes);
  }

  private onExit(message: string | undefined): void {
    if (!message) return;
    this.timeline.failOpen(message);
    this.watcher?.stop();
    this.teardown();
    this.faults.forgetAll();
    this.status = { ...this.status, phase: 'failed', message };
    this.publish();
  }

  private teardown(): void {
    this.transport?.close();
    this.transport = undefined;
    this.client = undefined;
    this.watcher = undefined;
    this.proc = undefined;
  }

  private faultBackend(): FaultBackend | undefined {
    const p = this.proc;
    if (!p?.running) return undefined;
    return {
      catalogue: async () => (await p.request('faults.catalogue')) as never,
      apply: async (req) => (await p.request('faults.apply', req)) as never,
      revert: async (id) => {
        await p.request('faults.revert', id);
      },
    };
  }

  private publish(): void {
    this.opts.bus.emit(CONTRACT.cluster.onStatusChanged, this.getStatus());
  }
}

export function validateSpec(spec: ClusterSpec): void {
  if (spec?.masters !== 1 && spec?.masters !== 3) throw new Error('masters must be 1 or 3');
  if (!Number.isInteger(spec.workers) || spec.workers < 1 || spec.workers > 5) {
    throw new Error('workers must be between 1 and 5');
  }
  const driver = availableDrivers().find((d) => d.id === spec.driver);
  if (!driver) throw new Error(`unknown driver "${String(spec.driver)}"`);
  if (!driver.available) throw new Error(driver.reason ?? `${driver.title} is not available`);
  for (const [k, v] of Object.entries(spec.flags ?? {})) {
    if (!/^[a-z][a-z0-9-]*$/.test(k) || typeof v !== 'string') {
      throw new Error(`flag "${k}" is not a valid flag`);
    }
  }
}
