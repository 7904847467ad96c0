/**
 * A control-plane component that campaigns for a Lease (scheduler, controller manager, cloud
 * controller), wrapped so the no-VM cluster can kill it like SIGKILL (its connection is cut first,
 * so it cannot release the Lease on the way out) and start it again under the same identity.
 */
import type { ComponentClient } from './clients';

export interface ElectedHandle {
  isLeader(): boolean;
  stop(): Promise<void>;
}

export class ElectedInstance {
  private handle: ElectedHandle | undefined;
  private conn: ComponentClient | undefined;

  constructor(
    readonly component: 'scheduler' | 'controller-manager' | 'cloud-controller-manager',
    readonly identity: string,
    readonly node: string,
    private readonly connect: () => ComponentClient,
    private readonly launch: (conn: ComponentClient) => Promise<ElectedHandle>,
  ) {}

  async start(): Promise<void> {
    if (this.handle) return;
    const conn = this.connect();
    this.conn = conn;
    this.handle = await this.launch(conn);
  }

  alive(): boolean {
    return this.handle !== undefined;
  }

  isLeader(): boolean {
    return this.handle?.isLeader() ?? false;
  }

  /** Dies without a word to the API server. */
  async kill(): Promise<void> {
    const h = this.handle;
    this.handle = undefined;
    this.conn?.transport.kill();
    await h?.stop().catch(() => {});
  }

  /** Clean shutdown: releases the Lease so a standby takes over at once. */
  async stop(): Promise<void> {
    const h = this.handle;
    this.handle = undefined;
    await h?.stop().catch(() => {});
    this.conn?.transport.close();
  }
}
