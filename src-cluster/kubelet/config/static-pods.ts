/**
 * Static pods from a folder (upstream's file config source, `--pod-manifest-path`): every
 * `*.yaml`, `*.yml` or `*.json` file holding one Pod becomes a pod of this node that runs without
 * the API server. As upstream, the pod is named `<name>-<nodeName>`, defaulted like the API server
 * would, given a uid that is a hash of its content and the node (so a restarted kubelet finds its
 * containers again, and an edited manifest is a new pod), and annotated with
 * `kubernetes.io/config.hash`, `kubernetes.io/config.source=file` and `kubernetes.io/config.seen`.
 *
 * The folder is re-read every `fileCheckFrequency` (20 s) and on any fs.watch event; a file that
 * does not parse is reported and skipped (one that parsed before keeps its last good pod, so an
 * editor's half-written save does not stop it); the others still run.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1';
import { parse } from 'yaml';
import type { Clock } from '../../../src-shared/util/clock';
import { defaultPod } from '../../api/defaults/pod';

export const CONFIG_HASH = 'kubernetes.io/config.hash';
export const CONFIG_SOURCE = 'kubernetes.io/config.source';
export const CONFIG_SEEN = 'kubernetes.io/config.seen';
export const CONFIG_MIRROR = 'kubernetes.io/config.mirror';

const MANIFEST = /^[^.].*\.(ya?ml|json)$/;

/** One manifest as the pod the kubelet runs. Throws on anything that is not a single Pod. */
export function staticPodFrom(text: string, file: string, nodeName: string, seen: Date): Pod {
  const obj = parse(text) as Pod | null;
  if (!obj || typeof obj !== 'object') throw new Error(`${file}: empty manifest`);
  if (obj.kind !== 'Pod') throw new Error(`${file}: kind ${String(obj.kind)} is not Pod`);
  if (!obj.metadata?.name) throw new Error(`${file}: metadata.name is required`);
  if (!obj.spec?.containers?.length) throw new Error(`${file}: spec.containers is required`);
  const pod = structuredClone(obj) as Pod & { status?: unknown };
  const m = pod.metadata as {
    -readonly [K in keyof NonNullable<Pod['metadata']>]: NonNullable<Pod['metadata']>[K];
  };
  m.name = `${m.name}-${nodeName}`;
  m.namespace ??= 'default';
  pod.spec!.nodeName = nodeName;
  defaultPod(pod);
  const hash = createHash('sha256')
    .update(JSON.stringify(pod))
    .update(`host:${nodeName}\nfile:${file}`)
    .digest('hex')
    .slice(0, 32);
  m.uid = hash;
  m.annotations = {
    ...m.annotations,
    [CONFIG_HASH]: hash,
    [CONFIG_SOURCE]: 'file',
    [CONFIG_SEEN]: seen.toISOString(),
  };
  delete pod.status;
  return pod;
}

export interface StaticPodSourceOptions {
  dir: string;
  nodeName: string;
  clock: Clock;
  periodMs: number;
  /** The full set of static pods, whenever it changes (uids differ). */
  onChange: (pods: Pod[]) => void;
  log?: (msg: string, err?: unknown) => void;
}

export class StaticPodSource {
  private timer: (() => void) | undefined;
  private watcher: FSWatcher | undefined;
  private last = '';
  private readonly errors = new Map<string, string>();
  private readonly seen = new Map<string, Date>();
  private readonly good = new Map<string, Pod>();

  constructor(private readonly o: StaticPodSourceOptions) {}

  /** Reads the folder now; every later change arrives through onChange. */
  start(): void {
    this.scan();
    try {
      this.watcher = existsSync(this.o.dir) ? watch(this.o.dir, () => this.scan()) : undefined;
    } catch {
      this.watcher = undefined; // the periodic re-read still works
    }
    const loop = () => {
      this.scan();
      this.timer = this.o.clock.setTimeout(loop, this.o.periodMs);
    };
    this.timer = this.o.clock.setTimeout(loop, this.o.periodMs);
  }

  stop(): void {
    this.timer?.();
    this.timer = undefined;
    this.watcher?.close();
    this.watcher = undefined;
  }

  scan(): void {
    const pods: Pod[] = [];
    const files = existsSync(this.o.dir)
      ? readdirSync(this.o.dir).filter((f) => MANIFEST.test(f))
      : [];
    for (const f of files.sort()) {
      const path = join(this.o.dir, f);
      try {
        const text = readFileSync(path, 'utf8');
        const key = `${path}\n${text}`;
        if (!this.seen.has(key)) this.seen.set(key, new Date(this.o.clock.now()));
        const pod = staticPodFrom(text, path, this.o.nodeName, this.seen.get(key)!);
        this.good.set(path, pod);
        pods.push(pod);
        this.errors.delete(path);
      } catch (e) {
        const msg = (e as Error).message;
        if (this.errors.get(path) !== msg)
          this.o.log?.(`static pod manifest ${path} skipped: ${msg}`);
        this.errors.set(path, msg);
        // A file caught half-written by an editor keeps its last good pod running.
        const prev = this.good.get(path);
        if (prev) pods.push(prev);
      }
    }
    for (const path of this.good.keys())
      if (!files.some((f) => join(this.o.dir, f) === path)) this.good.delete(path);
    const sig = pods.map((p) => p.metadata!.uid).join(',');
    if (sig === this.last) return;
    this.last = sig;
    this.o.onChange(pods);
  }
}
