/**
 * The cloud controller's node loop (upstream's cloud node lifecycle controller): every
 * monitorPeriod it looks at the Nodes whose Ready condition is not True — a destroyed machine's
 * kubelet stops posting status first, so the node goes Unknown — and asks the cloud whether the
 * machine still exists. If not, it deletes the Node object; pod GC then removes the pods bound to
 * it. A Ready node is never asked about: the cloud is not consulted for healthy nodes.
 */
import type { Node } from 'kubernetes-types/core/v1';
import type { Clock } from '../../src-shared/util/clock';
import type { TraceSink } from '../../src-shared/trace';
import { RESOURCES } from '../api/resources';
import { isNotFound, type ApiClient, type Lister, type SharedInformerFactory } from '../client';
import { EventRecorder, referenceTo } from '../client/events/event-recorder';
import type { LabCloud } from './provider';

const NODES = RESOURCES.find((r) => r.resource === 'nodes')!;

function ready(node: Node): boolean {
  return node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
}

export class CloudNodeController {
  private readonly nodes: Lister<Node>;
  private readonly recorder: EventRecorder;

  constructor(
    private readonly client: ApiClient,
    factory: SharedInformerFactory,
    private readonly cloud: LabCloud,
    private readonly clock: Clock,
    private readonly trace: TraceSink,
    private readonly monitorPeriodMs: number,
  ) {
    this.nodes = factory.informerFor<Node>(NODES).lister();
    this.recorder = new EventRecorder(
      client,
      { component: 'cloud-node-lifecycle-controller' },
      clock,
    );
  }

  /** Checks every period until signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.checkOnce().catch(() => {});
      await new Promise<void>((resolve) => {
        // The listener is removed when the timer fires: one per period would pile up otherwise.
        const onAbort = () => {
          cancel();
          resolve();
        };
        const cancel = this.clock.setTimeout(() => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        }, this.monitorPeriodMs);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    }
  }

  /** One pass; returns the names of the Nodes it deleted. */
  async checkOnce(): Promise<string[]> {
    const deleted: string[] = [];
    for (const node of this.nodes.list()) {
      if (ready(node)) continue;
      const name = node.metadata!.name!;
      if (await this.cloud.instanceExists(name)) continue;
      this.recorder.event(
        referenceTo(node),
        'Normal',
        'DeletingNode',
        `Deleting node ${name} because it does not exist in the cloud provider`,
      );
      try {
        await this.client.resource<Node>(NODES).delete(name);
        deleted.push(name);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      this.trace.emit({
        time: this.clock.now(),
        from: { component: 'cloud-controller-manager', instance: 'node-lifecycle' },
        to: { component: 'apiserver' },
        verb: 'delete',
        resource: 'nodes',
        name,
        outcome: 'instance-gone',
      });
    }
    return deleted;
  }
}
