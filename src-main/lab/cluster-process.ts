/**
 * The cluster child process, seen from the lab host: forks cluster-child.ts under the system Node
 * (through tsx), sends it the spec, and turns its messages into callbacks and request promises.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { TraceEvent } from '../../src-shared/trace';
import type { ClusterSpec, ComponentHealth, StartupStep } from '../../src-shared/ipc';
import type { ChildMessage, ChildOp, HostMessage } from './child-protocol';

export interface ClusterProcessEvents {
  onStep(step: StartupStep): void;
  onReady(r: Extract<ChildMessage, { type: 'ready' }>): void;
  onHealth(components: ComponentHealth[]): void;
  onTraces(events: TraceEvent[]): void;
  onLog(line: string): void;
  /** The child failed or exited unexpectedly. */
  onExit(message: string | undefined): void;
}

export interface ClusterProcessOptions {
  /** The checkout or unpacked app root (holds node_modules and the sources). */
  rootDir: string;
  /** The Node binary; under Electron the system "node", never Electron itself. */
  nodeBin: string;
}

export class ClusterProcess {
  private child: ChildProcess | undefined;
  private nextReq = 1;
  private readonly waiting = new Map<number, { ok(v: unknown): void; fail(e: Error): void }>();
  private stopping = false;

  constructor(
    private readonly opts: ClusterProcessOptions,
    private readonly events: ClusterProcessEvents,
  ) {}

  start(spec: ClusterSpec, dataDir: string): void {
    const child = fork(join(this.opts.rootDir, 'src-main/lab/cluster-child.ts'), [], {
      execPath: this.opts.nodeBin,
      execArgv: ['--import', 'tsx'],
      cwd: this.opts.rootDir,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    this.child = child;
    const log = (b: Buffer) =>
      b
        .toString()
        .split('\n')
        .filter(Boolean)
        .forEach((l) => this.events.onLog(l));
    child.stdout?.on('data', log);
    child.stderr?.on('data', log);
    child.on('message', (m) => this.onMessage(m as ChildMessage));
    child.on('error', (err) => this.events.onExit(`cannot start the cluster: ${err.message}`));
    child.on('exit', (code, signal) => {
      this.child = undefined;
      for (const w of this.waiting.values()) w.fail(new Error('the cluster process exited'));
      this.waiting.clear();
      this.events.onExit(
        this.stopping ? undefined : `the cluster process exited (${signal ?? `code ${code}`})`,
      );
    });
    this.send({ type: 'start', spec, dataDir });
  }

  request(op: ChildOp, args?: unknown): Promise<unknown> {
    if (!this.child) return Promise.reject(new Error('the cluster is not running'));
    const reqId = this.nextReq++;
    return new Promise((ok, fail) => {
      this.waiting.set(reqId, { ok, fail });
      this.send({ type: 'request', reqId, op, args });
    });
  }

  /** Asks the child to stop; kills it if it has not exited after graceMs. */
  async stop(graceMs = 10_000): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.stopping = true;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    this.send({ type: 'stop' });
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  private send(m: HostMessage): void {
    if (this.child?.connected) this.child.send(m);
  }

  private onMessage(m: ChildMessage): void {
    switch (m.type) {
      case 'step':
        return this.events.onStep(m.step);
      case 'ready':
        return this.events.onReady(m);
      case 'health':
        return this.events.onHealth(m.components);
      case 'traces':
        return this.events.onTraces(m.events);
      case 'reply': {
        const w = this.waiting.get(m.reqId);
        this.waiting.delete(m.reqId);
        if (m.ok) w?.ok(m.value);
        else w?.fail(new Error(m.error));
        return;
      }
      case 'fatal':
        return this.events.onExit(m.message);
      case 'stopped':
        return;
    }
  }
}
