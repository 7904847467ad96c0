/**
 * The per-node, per-step startup timeline. Steps come from two observers: the cluster child
 * (what it starts) and the lab host's own watch of the API (a node registered, a node Ready) — each
 * a real observation, with when it started, when it ended and what it waits on.
 */
import type { KubeObject, StartupStep } from '../../src-shared/ipc';

export const NODE_STEPS = ['register node', 'node Ready'] as const;

export class StartupTimeline {
  private steps: StartupStep[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** Plans the observed steps for each node, all waiting on the cluster process. */
  plan(nodes: string[]): void {
    const t = this.now();
    for (const node of nodes) {
      for (const step of NODE_STEPS) {
        this.upsert({ node, step, state: 'running', startedAt: t, detail: 'waiting for the API' });
      }
    }
  }

  upsert(step: StartupStep): void {
    const i = this.steps.findIndex((s) => s.node === step.node && s.step === step.step);
    if (i < 0) this.steps.push(step);
    else this.steps[i] = { ...this.steps[i], ...step };
  }

  /** Marks node steps from a Node object seen on the API. Returns true if anything changed. */
  observeNode(node: KubeObject): boolean {
    const name = node.metadata.name;
    let changed = this.finish(name, 'register node', 'seen on the API');
    const ready = (node.status?.conditions as { type: string; status: string }[] | undefined)?.find(
      (c) => c.type === 'Ready',
    );
    if (ready?.status === 'True')
      changed = this.finish(name, 'node Ready', 'Ready=True') || changed;
    else if (this.get(name, 'node Ready')?.state === 'running') {
      this.upsert({
        node: name,
        step: 'node Ready',
        state: 'running',
        detail: 'waiting for Ready=True',
      });
    }
    return changed;
  }

  /** Fails every unfinished step (the cluster process died). */
  failOpen(reason: string): void {
    const t = this.now();
    for (const s of this.steps) {
      if (s.state === 'running' || s.state === 'pending') {
        Object.assign(s, { state: 'failed', endedAt: t, detail: reason });
      }
    }
  }

  list(): StartupStep[] {
    return this.steps.map((s) => ({ ...s }));
  }

  clear(): void {
    this.steps = [];
  }

  private get(node: string, step: string): StartupStep | undefined {
    return this.steps.find((s) => s.node === node && s.step === step);
  }

  private finish(node: string, step: string, detail: string): boolean {
    const s = this.get(node, step);
    if (s?.state === 'done') return false;
    this.upsert({ node, step, state: 'done', endedAt: this.now(), detail });
    return true;
  }
}
