/**
 * Keeps one ProbeWorker per (container instance, probe kind) and answers the questions pod status
 * and the pod worker ask: is this container ready, has it started, must it be restarted. Results
 * are keyed by container id, so a restarted container starts from the initial results again.
 */
import type { Container, Pod } from 'kubernetes-types/core/v1';
import type { Clock } from '../../../src-shared/util/clock';
import { ProbeWorker } from './worker';
import type { ProbeKind, ProbeOutcome, ProbeRunner } from './types';

export interface RunningContainer {
  spec: Container;
  containerId: string;
  /** clock ms */
  startedAt: number;
}

export interface ProbeManagerOptions {
  clock: Clock;
  runner: ProbeRunner;
  /** A result changed: the pod needs a sync (status, or a restart). */
  onChange: (podUid: string) => void;
  /** A probe attempt failed (the kubelet records an Unhealthy event). */
  onUnhealthy: (pod: Pod, container: string, kind: ProbeKind, outcome: ProbeOutcome) => void;
}

const KINDS: { kind: ProbeKind; field: 'startupProbe' | 'livenessProbe' | 'readinessProbe' }[] = [
  { kind: 'startup', field: 'startupProbe' },
  { kind: 'liveness', field: 'livenessProbe' },
  { kind: 'readiness', field: 'readinessProbe' },
];

export class ProbeManager {
  /** podUid → containerId → kind → worker */
  private readonly pods = new Map<string, Map<string, Map<ProbeKind, ProbeWorker>>>();

  constructor(private readonly opts: ProbeManagerOptions) {}

  /** Aligns workers with the pod's running containers: new instances get workers, gone ones lose them. */
  sync(pod: Pod, podIP: string, running: RunningContainer[]): void {
    const uid = pod.metadata!.uid!;
    let byId = this.pods.get(uid);
    if (!byId) this.pods.set(uid, (byId = new Map()));
    const live = new Set(running.map((r) => r.containerId));
    for (const [id, workers] of byId) {
      if (live.has(id)) continue;
      for (const w of workers.values()) w.stop();
      byId.delete(id);
    }
    for (const r of running) {
      if (byId.has(r.containerId)) continue;
      const workers = new Map<ProbeKind, ProbeWorker>();
      byId.set(r.containerId, workers);
      for (const { kind, field } of KINDS) {
        const probe = r.spec[field];
        if (!probe) continue;
        const target = {
          kind,
          podUid: uid,
          namespace: pod.metadata!.namespace ?? 'default',
          podName: pod.metadata!.name!,
          podIP,
          container: r.spec,
          containerId: r.containerId,
        };
        const w = new ProbeWorker(kind, probe, target, r.startedAt, {
          clock: this.opts.clock,
          runner: this.opts.runner,
          gate: () => kind === 'startup' || this.started(uid, r.containerId),
          onFailedAttempt: (_w, outcome) => this.opts.onUnhealthy(pod, r.spec.name, kind, outcome),
          onResult: () => this.opts.onChange(uid),
        });
        workers.set(kind, w);
        w.start();
      }
    }
  }

  private worker(uid: string, containerId: string, kind: ProbeKind): ProbeWorker | undefined {
    return this.pods.get(uid)?.get(containerId)?.get(kind);
  }

  /** Startup probe passed (or there is none). */
  started(uid: string, containerId: string): boolean {
    const w = this.worker(uid, containerId, 'startup');
    return !w || w.result === 'success';
  }

  /** Running containers are ready when started and their readiness probe (if any) succeeds. */
  ready(uid: string, containerId: string): boolean {
    if (!this.started(uid, containerId)) return false;
    const w = this.worker(uid, containerId, 'readiness');
    return !w || w.result === 'success';
  }

  /** 'liveness' or 'startup' when that probe has failed and the container must be restarted. */
  failed(uid: string, containerId: string): ProbeKind | undefined {
    if (this.worker(uid, containerId, 'startup')?.result === 'failure') return 'startup';
    if (this.worker(uid, containerId, 'liveness')?.result === 'failure') return 'liveness';
    return undefined;
  }

  removePod(uid: string): void {
    for (const workers of this.pods.get(uid)?.values() ?? [])
      for (const w of workers.values()) w.stop();
    this.pods.delete(uid);
  }

  stopAll(): void {
    for (const uid of [...this.pods.keys()]) this.removePod(uid);
  }
}
