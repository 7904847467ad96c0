/**
 * The node agent: one per real node, the piece of a CNI's daemon that makes pods on different
 * nodes reach each other. It watches Nodes through the API (as flannel's daemon does) and, on
 * every change, re-plans the host-gw routes (routes.ts) and syncs them into the kernel
 * (route-table.ts). stop() removes every route it added.
 *
 * Contract: start() resolves after the Node cache synced and the first sync ran; syncs are
 * serialised and coalesced (a burst of Node status updates is one `ip route show`); a refused
 * route is logged and retried with the next sync, never fatal; `plan()` is the last plan, for
 * status and tests.
 */
import type { Node } from 'kubernetes-types/core/v1';
import type { TraceSink } from '../../src-shared/trace';
import { nullTraceSink } from '../../src-shared/trace';
import { RESOURCES } from '../api/resources';
import { SharedInformerFactory, type ApiClient, type Lister } from '../client';
import type { CommandRunner } from '../proxy/iptables/command-runner';
import { RouteTable, type InstalledRoute } from './route-table';
import { planRoutes, type RoutePlan } from './routes';

const NODES = RESOURCES.find((r) => r.resource === 'nodes')!;

export interface NodeAgentOptions {
  client: ApiClient;
  /** This node: its own pod CIDR needs no route. */
  nodeName: string;
  /** `ip netns exec <ns>` in tests. */
  runner?: CommandRunner;
  trace?: TraceSink;
  log?: (line: string) => void;
}

export class NodeAgent {
  private readonly factory: SharedInformerFactory;
  private readonly nodes: Lister<Node>;
  private readonly table: RouteTable;
  private readonly ac = new AbortController();
  private readonly trace: TraceSink;
  private running = false;
  private chain: Promise<void> = Promise.resolve();
  private queued = false;
  private lastPlan: RoutePlan = { routes: [], skipped: [] };
  private lastError: string | undefined;

  constructor(private readonly o: NodeAgentOptions) {
    this.factory = new SharedInformerFactory(o.client);
    const inf = this.factory.informerFor<Node>(NODES);
    this.nodes = inf.lister();
    this.table = new RouteTable(o.runner);
    this.trace = o.trace ?? nullTraceSink;
    const changed = () => this.requestSync();
    inf.addEventHandler({ onAdd: changed, onUpdate: changed, onDelete: changed });
  }

  async start(): Promise<void> {
    this.factory.start(this.ac.signal);
    await this.factory.waitForCacheSync(this.ac.signal);
    this.running = true;
    this.requestSync();
    await this.chain;
  }

  /** Stops watching and removes this agent's routes; resolves with the routes it removed. */
  async stop(): Promise<InstalledRoute[]> {
    this.running = false;
    this.ac.abort();
    await this.chain;
    await this.factory.shutdown();
    return this.table.clear();
  }

  plan(): RoutePlan {
    return this.lastPlan;
  }

  healthy(): boolean {
    return this.running && this.lastError === undefined;
  }

  /** Resolves once every sync requested so far has run. */
  settled(): Promise<void> {
    return this.chain;
  }

  private requestSync(): void {
    if (!this.running || this.queued) return;
    this.queued = true;
    this.chain = this.chain.then(async () => {
      this.queued = false;
      if (!this.running) return;
      await this.sync();
    });
  }

  private async sync(): Promise<void> {
    const log = this.o.log ?? (() => {});
    const plan = planRoutes(this.nodes.list(), this.o.nodeName);
    this.lastPlan = plan;
    try {
      const res = await this.table.sync(plan.routes);
      for (const r of res.added) log(`route ${r.dst} via ${r.via} added`);
      for (const r of res.removed) log(`route ${r.dst} via ${r.via} removed`);
      for (const f of res.failed)
        log(`route ${f.route.dst} via ${f.route.via} refused: ${f.error}`);
      this.lastError = res.failed.length ? res.failed[0]!.error : undefined;
      if (res.added.length || res.removed.length || res.failed.length) {
        this.trace.emit({
          time: Date.now(),
          from: { component: 'node-agent', instance: this.o.nodeName },
          verb: 'sync-routes',
          outcome: this.lastError ?? 'ok',
          detail: {
            added: res.added.length,
            removed: res.removed.length,
            routes: plan.routes.length,
          },
        });
      }
    } catch (err) {
      this.lastError = (err as Error).message;
      log(`route sync failed: ${this.lastError}`);
    }
  }
}
