/**
 * What the node status needs from the runtime on every update: is it up (Status conditions), its
 * name and version (`containerd://1.6.20`), the containers' working set for the memory signal,
 * and the node's images. A runtime that does not answer is down; the last known version stays.
 */
import type { Machine } from './machine/machine';
import type { NodeHealth } from './node-status';
import type { Runtime } from './pod-sync';

export class RuntimeHealth {
  up = true;
  version = 'unknown://0';

  constructor(
    private readonly rt: Runtime,
    private readonly machine: Machine,
  ) {}

  async check(): Promise<NodeHealth> {
    const rt = this.rt;
    try {
      const st = await rt.status({});
      const v = await rt.version({ version: 'v1' });
      this.version = `${v.runtimeName}://${v.runtimeVersion}`;
      this.up = st.status.conditions.every((c) => c.status);
      const stats = await rt.listContainerStats({});
      const images = await rt.listImages({});
      return {
        runtimeUp: this.up,
        runtimeVersion: this.version,
        signals: this.machine.signals(
          stats.stats.reduce((s, x) => s + Number(x.memory?.workingSetBytes?.value ?? 0), 0),
        ),
        images: images.images.map((i) => ({ names: i.repoTags, sizeBytes: Number(i.size) })),
      };
    } catch {
      this.up = false;
      return {
        runtimeUp: false,
        runtimeVersion: this.version,
        signals: this.machine.signals(0),
        images: [],
      };
    }
  }
}
