/**
 * The sim container runtime: CRI RuntimeService + ImageService in memory, for no-VM mode and tests.
 * Sandboxes get an IP from the node's pod CIDR (sandboxes.ts); containers play a Program derived
 * from their argv (behaviour.ts) on the injected clock; images come from a fixed catalogue with
 * modelled pull times (image-store.ts).
 *
 * Fault hooks (crashContainer, failProbe, stopRuntime/startRuntime) change behaviour at runtime for
 * the lab's fault catalogue. While the runtime is stopped every CRI call fails Unavailable, as when
 * containerd's socket refuses connections, but containers keep running (their shims survive).
 */
import type { Clock } from '../../../../src-shared/util/clock';
import { realClock } from '../../../../src-shared/util/clock';
import type { ExecIO } from '../../server/streamer';
import type { ProbeKind } from '../../prober/types';
import { CriError } from '../errors';
import type { Image, ImageService } from '../image-service';
import type {
  Container,
  ContainerFilter,
  ContainerStats,
  CreateContainerRequest,
  ExecSyncResponse,
  PodSandbox,
  PodSandboxFilter,
  PodSandboxStatus,
  RunPodSandboxRequest,
  RuntimeService,
  StatusResponse,
  VersionResponse,
} from '../runtime-service';
import { LABELS, nanosFromMs } from '../runtime-service';
import type { LogLine, StreamingRuntime } from '../streaming';
import { KNOWN_BINARIES, baseName, programFor } from './behaviour';
import { runSimCommand } from './commands';
import { SimImageStore } from './image-store';
import { PAUSE_IMAGE, lookupImage, parseImageName } from './images';
import { fallbackPodCidr } from './ip-pool';
import { SimSandboxes, matchLabels, newId } from './sandboxes';
import { SimContainer } from './sim-container';

export interface SimRuntimeOptions {
  clock?: Clock;
  /** Used for the fallback pod CIDR and the sandbox's view of its node. */
  nodeName?: string;
  podCIDR?: string;
  /** Present at start (the node image's preloaded images). Default: the pause image. */
  preloadedImages?: string[];
  /** Multiplies modelled pull times (0 = instant). */
  pullTimeScale?: number;
}

export const SIM_RUNTIME_NAME = 'sim';
export const SIM_RUNTIME_VERSION = '1.0';

export class SimRuntime implements RuntimeService, ImageService, StreamingRuntime {
  readonly clock: Clock;
  private readonly sandboxes: SimSandboxes;
  private readonly containers = new Map<string, SimContainer>();
  private readonly images: SimImageStore;
  private readonly probeFaults = new Set<string>();
  private up = true;

  constructor(opts: SimRuntimeOptions = {}) {
    this.clock = opts.clock ?? realClock;
    this.sandboxes = new SimSandboxes(
      opts.podCIDR ?? fallbackPodCidr(opts.nodeName ?? 'node'),
      () => this.clock.now(),
    );
    this.images = new SimImageStore(
      this.clock,
      () => this.guard(),
      opts.pullTimeScale ?? 1,
      opts.preloadedImages ?? [PAUSE_IMAGE],
    );
  }

  // --- fault hooks ------------------------------------------------------------------------------

  /** The container's main process dies now (default exit 1, reason Error). False if not running. */
  crashContainer(podUid: string, container: string, exitCode = 1): boolean {
    const c = this.findRunning(podUid, container);
    if (!c) return false;
    c.log(`fatal: simulated crash (exit ${exitCode})`, 'stderr');
    c.exit(exitCode, exitCode === 137 ? 'OOMKilled' : undefined);
    return true;
  }

  /** While on, that probe kind against the container fails (HTTP 500, refused, exit 1). */
  failProbe(podUid: string, container: string, kind: ProbeKind, on: boolean): void {
    const key = `${podUid}/${container}/${kind}`;
    if (on) this.probeFaults.add(key);
    else this.probeFaults.delete(key);
  }

  probeFailing(podUid: string, container: string, kind: ProbeKind): boolean {
    return this.probeFaults.has(`${podUid}/${container}/${kind}`);
  }

  /** containerd stops: CRI calls fail Unavailable; running containers carry on. */
  stopRuntime(): void {
    this.up = false;
  }

  startRuntime(): void {
    this.up = true;
  }

  get runtimeUp(): boolean {
    return this.up;
  }

  /** Kills every container at once and forgets all state (cluster teardown). */
  shutdown(): void {
    for (const c of this.containers.values()) c.exit(137, 'Error');
    this.containers.clear();
    this.sandboxes.clear();
  }

  // --- helpers for the sim's own probes and streams --------------------------------------------

  private findRunning(podUid: string, name: string): SimContainer | undefined {
    return [...this.containers.values()].find(
      (c) => c.running && c.config.labels?.[LABELS.podUid] === podUid && c.name === name,
    );
  }

  /** The running container in the pod listening on port, if any (containers share the netns). */
  listenerIn(podUid: string, port: number): { http: boolean } | undefined {
    for (const c of this.containers.values()) {
      if (!c.running || c.config.labels?.[LABELS.podUid] !== podUid) continue;
      const l = c.listening.get(port);
      if (l) return l;
    }
    return undefined;
  }

  private guard(): void {
    if (!this.up) {
      throw new CriError(
        'Unavailable',
        'connection error: desc = "transport: Error while dialing: dial unix /run/containerd/containerd.sock: connect: connection refused"',
      );
    }
  }

  private container(id: string): SimContainer {
    const c = this.containers.get(id);
    if (!c)
      throw new CriError(
        'NotFound',
        `an error occurred when try to find container "${id}": not found`,
      );
    return c;
  }

  // --- RuntimeVersioner -------------------------------------------------------------------------

  async version(_req: { version: string }): Promise<VersionResponse> {
    this.guard();
    return {
      version: '0.1.0',
      runtimeName: SIM_RUNTIME_NAME,
      runtimeVersion: SIM_RUNTIME_VERSION,
      runtimeApiVersion: 'v1',
    };
  }

  async status(_req: { verbose?: boolean }): Promise<StatusResponse> {
    this.guard();
    return {
      status: {
        conditions: [
          { type: 'RuntimeReady', status: true, reason: '', message: '' },
          { type: 'NetworkReady', status: true, reason: '', message: '' },
        ],
      },
    };
  }

  async updateRuntimeConfig(req: {
    runtimeConfig: { networkConfig: { podCidr: string } };
  }): Promise<void> {
    this.guard();
    this.sandboxes.setPodCidr(req.runtimeConfig.networkConfig.podCidr);
  }

  // --- PodSandboxManager (sandboxes.ts) ---------------------------------------------------------

  async runPodSandbox(req: RunPodSandboxRequest): Promise<{ podSandboxId: string }> {
    this.guard();
    return { podSandboxId: this.sandboxes.run(req.config) };
  }

  async stopPodSandbox(req: { podSandboxId: string }): Promise<void> {
    this.guard();
    const s = this.sandboxes.find(req.podSandboxId);
    if (!s) return;
    for (const c of this.containers.values()) if (c.podSandboxId === s.id) c.exit(137, 'Error');
    this.sandboxes.stop(s);
  }

  async removePodSandbox(req: { podSandboxId: string }): Promise<void> {
    await this.stopPodSandbox(req);
    for (const [id, c] of this.containers)
      if (c.podSandboxId === req.podSandboxId) this.containers.delete(id);
    this.sandboxes.delete(req.podSandboxId);
  }

  async podSandboxStatus(req: { podSandboxId: string }): Promise<{ status: PodSandboxStatus }> {
    this.guard();
    return { status: this.sandboxes.status(req.podSandboxId) };
  }

  async listPodSandbox(req: { filter?: PodSandboxFilter }): Promise<{ items: PodSandbox[] }> {
    this.guard();
    return { items: this.sandboxes.list(req.filter ?? {}) };
  }

  // --- ContainerManager -------------------------------------------------------------------------

  async createContainer(req: CreateContainerRequest): Promise<{ containerId: string }> {
    this.guard();
    const sb = this.sandboxes.get(req.podSandboxId);
    if (sb.state !== 'SANDBOX_READY')
      throw new CriError('Unknown', `sandbox container "${sb.id}" is not running`);
    const cfg = req.config;
    const name = parseImageName(cfg.image.image).full;
    const stored = this.images.get(name);
    if (!stored) throw new CriError('NotFound', `failed to get image "${name}": not found`);
    const img = lookupImage(name);
    const hasCommand = (cfg.command?.length ?? 0) > 0;
    const argv = [
      ...(hasCommand ? cfg.command! : (img?.entrypoint ?? [])),
      ...((cfg.args?.length ?? 0) > 0 ? cfg.args! : hasCommand ? [] : (img?.cmd ?? [])),
    ];
    const env: Record<string, string> = {
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      HOSTNAME: req.sandboxConfig.hostname,
    };
    for (const e of cfg.envs ?? []) env[e.key] = e.value;
    const id = newId();
    const limit = Number(cfg.linux?.resources?.memoryLimitInBytes ?? 0);
    const program = programFor(argv, { tty: cfg.tty, stdin: cfg.stdin });
    const c = new SimContainer(id, sb.id, cfg, stored.id, program, env, this.clock, limit);
    this.containers.set(id, c);
    return { containerId: id };
  }

  async startContainer(req: { containerId: string }): Promise<void> {
    this.guard();
    const c = this.container(req.containerId);
    if (c.state !== 'CONTAINER_CREATED')
      throw new CriError('Unknown', `container ${c.id} is not in created state: ${c.state}`);
    const argv0 = c.program.processName.split(' ')[0] ?? '';
    if (!KNOWN_BINARIES.has(baseName(argv0))) {
      const msg = `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "${argv0}": executable file not found in $PATH: unknown`;
      c.exit(128, 'StartError', msg);
      throw new CriError('Unknown', msg);
    }
    c.start();
  }

  async stopContainer(req: { containerId: string; timeout: number }): Promise<void> {
    this.guard();
    await this.container(req.containerId).stop(req.timeout);
  }

  async removeContainer(req: { containerId: string }): Promise<void> {
    this.guard();
    const c = this.containers.get(req.containerId);
    if (!c) return;
    if (c.running) throw new CriError('Unknown', `container ${c.id} is running, stop it first`);
    this.containers.delete(req.containerId);
  }

  async listContainers(req: { filter?: ContainerFilter }): Promise<{ containers: Container[] }> {
    this.guard();
    const f = req.filter ?? {};
    const containers = [...this.containers.values()]
      .filter(
        (c) => (!f.id || c.id === f.id) && (!f.podSandboxId || c.podSandboxId === f.podSandboxId),
      )
      .filter(
        (c) =>
          (!f.state || c.state === f.state.state) &&
          matchLabels(c.config.labels ?? {}, f.labelSelector),
      )
      .map((c) => ({
        id: c.id,
        podSandboxId: c.podSandboxId,
        metadata: { ...c.config.metadata },
        image: { ...c.config.image },
        imageRef: c.imageRef,
        state: c.state,
        createdAt: nanosFromMs(c.createdAt),
        labels: { ...(c.config.labels ?? {}) },
        annotations: { ...(c.config.annotations ?? {}) },
      }));
    return { containers };
  }

  async containerStatus(req: { containerId: string }) {
    this.guard();
    const c = this.container(req.containerId);
    const sb = this.sandboxes.find(c.podSandboxId);
    return { status: c.status(sb?.config.logDirectory ?? '/var/log/pods') };
  }

  async execSync(req: {
    containerId: string;
    cmd: string[];
    timeout: number;
  }): Promise<ExecSyncResponse> {
    this.guard();
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const sink = (arr: Buffer[]) =>
      ({
        write: (b: string | Buffer) => (arr.push(Buffer.from(b)), true),
      }) as unknown as ExecIO['stdout'];
    let exitCode: number;
    try {
      exitCode = await this.exec(req.containerId, req.cmd, {
        tty: false,
        stdin: null,
        stdout: sink(out),
        stderr: sink(err),
        resize: undefined as unknown as ExecIO['resize'],
        signal: new AbortController().signal,
      });
    } catch (e) {
      if (e instanceof CriError && e.code === 'NotFound') throw e;
      return { stdout: Buffer.alloc(0), stderr: Buffer.from((e as Error).message), exitCode: 126 };
    }
    return { stdout: Buffer.concat(out), stderr: Buffer.concat(err), exitCode };
  }

  // --- ContainerStatsManager --------------------------------------------------------------------

  async listContainerStats(req: {
    filter?: ContainerFilter;
  }): Promise<{ stats: ContainerStats[] }> {
    const { containers } = await this.listContainers(req);
    const now = nanosFromMs(this.clock.now());
    return {
      stats: containers
        .filter((c) => c.state === 'CONTAINER_RUNNING')
        .map((c) => ({
          attributes: { id: c.id, metadata: c.metadata, labels: c.labels },
          memory: {
            timestamp: now,
            workingSetBytes: { value: String(this.containers.get(c.id)!.memoryBytes) },
          },
        })),
    };
  }

  // --- ImageService (image-store.ts) ------------------------------------------------------------

  listImages(req: { filter?: { image?: { image: string } } }): Promise<{ images: Image[] }> {
    return this.images.listImages(req);
  }

  imageStatus(req: { image: { image: string } }): Promise<{ image?: Image }> {
    return this.images.imageStatus(req);
  }

  pullImage(req: { image: { image: string } }): Promise<{ imageRef: string }> {
    return this.images.pullImage(req);
  }

  removeImage(req: { image: { image: string } }): Promise<void> {
    return this.images.removeImage(req);
  }

  // --- StreamingRuntime -------------------------------------------------------------------------

  readLog(containerId: string): LogLine[] {
    return [...this.container(containerId).logs];
  }

  followLog(containerId: string, onLine: (l: LogLine) => void, onEnd: () => void): () => void {
    return this.container(containerId).follow(onLine, onEnd);
  }

  async exec(containerId: string, cmd: string[], io: ExecIO): Promise<number> {
    const c = this.container(containerId);
    if (!c.running) throw new CriError('Unknown', `container ${containerId} is not running`);
    const sb = this.sandboxes.find(c.podSandboxId);
    return runSimCommand(cmd, io, {
      env: c.env,
      hostname: sb?.config.hostname ?? '',
      mainProcess: c.program.processName,
      now: () => this.clock.now(),
    });
  }
}
