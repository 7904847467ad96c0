/**
 * Leader election on a coordination.k8s.io/v1 Lease (k8s-internals §4.9, client-go's
 * leaderelection): candidates try to acquire or renew the Lease every retryPeriod; the holder must
 * renew within renewDeadline or it steps down; others take over once leaseDuration has passed since
 * the last renewal they observed. Optimistic concurrency on the Lease makes the acquire atomic:
 * of two candidates updating the same resourceVersion, one gets 409 Conflict.
 *
 * Defaults are upstream's: lease 15 s, renew deadline 10 s, retry 2 s.
 */
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Clock } from '../../../src-shared/util/clock';
import { realClock } from '../../../src-shared/util/clock';
import type { TraceSink } from '../../../src-shared/trace';
import { nullTraceSink } from '../../../src-shared/trace';
import { RESOURCES } from '../../api/resources';
import type { ApiClient } from '../client';
import { isAlreadyExists, isConflict, isNotFound } from '../errors';
import { sleep } from '../sleep';

const LEASES = RESOURCES.find((r) => r.resource === 'leases')!;

export interface LeaderElectionConfig {
  namespace: string;
  /** Lease name: "kube-scheduler", "kube-controller-manager". */
  name: string;
  /** This candidate's identity (hostname + a random suffix upstream). */
  identity: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  clock?: Clock;
  trace?: TraceSink;
  /** Called when this candidate becomes leader; the signal aborts when leadership is lost. */
  onStartedLeading(signal: AbortSignal): void;
  onStoppedLeading?(): void;
  /** Called whenever the observed leader changes (including to this candidate). */
  onNewLeader?(identity: string): void;
}

type MutableLeaseSpec = {
  -readonly [K in keyof NonNullable<Lease['spec']>]: NonNullable<Lease['spec']>[K];
};

/** MicroTime as the API writes it: RFC 3339 with microseconds. */
function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export class LeaderElector {
  private readonly clock: Clock;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  /** What we last saw of the Lease, and when (our clock) we saw it change. */
  private observed: { holder: string; renewTime: string; rv?: string; at: number } | null = null;
  private leading = false;
  private leadingAbort: AbortController | null = null;
  private lastRenew = 0;

  constructor(
    private readonly client: ApiClient,
    private readonly cfg: LeaderElectionConfig,
  ) {
    this.clock = cfg.clock ?? realClock;
    this.leaseDurationMs = cfg.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = cfg.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = cfg.retryPeriodMs ?? 2_000;
  }

  isLeader(): boolean {
    return this.leading;
  }

  /** The identity currently holding the lease, as last observed ("" if none). */
  leader(): string {
    return this.observed?.holder ?? '';
  }

  /**
   * Campaigns until signal aborts. On abort, a leader releases the Lease (clears the holder) so
   * another candidate can take over without waiting for it to expire.
   */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.tryAcquireOrRenew().catch(() => false);
      if (this.leading && this.clock.now() - this.lastRenew > this.renewDeadlineMs) {
        this.stepDown();
      }
      await sleep(this.clock, this.retryPeriodMs, signal);
    }
    if (this.leading) {
      await this.release().catch(() => {});
      this.stepDown();
    }
  }

  private leases() {
    return this.client.resource<Lease>(LEASES).namespace(this.cfg.namespace);
  }

  private spec(acquireTime: string, transitions: number): Lease['spec'] {
    return {
      holderIdentity: this.cfg.identity,
      leaseDurationSeconds: Math.round(this.leaseDurationMs / 1000),
      acquireTime,
      renewTime: microTime(this.clock.now()),
      leaseTransitions: transitions,
    };
  }

  private observe(lease: Lease): void {
    const holder = lease.spec?.holderIdentity ?? '';
    const renewTime = lease.spec?.renewTime ?? '';
    if (
      !this.observed ||
      this.observed.holder !== holder ||
      this.observed.renewTime !== renewTime
    ) {
      if (this.observed?.holder !== holder && holder) this.cfg.onNewLeader?.(holder);
      this.observed = {
        holder,
        renewTime,
        rv: lease.metadata?.resourceVersion,
        at: this.clock.now(),
      };
    }
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = this.clock.now();
    let lease: Lease;
    try {
      lease = await this.leases().get(this.cfg.name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      try {
        const created = await this.leases().create({
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name: this.cfg.name, namespace: this.cfg.namespace },
          spec: this.spec(microTime(now), 0),
        });
        this.observe(created);
        this.becomeLeader();
        return true;
      } catch (e) {
        if (isAlreadyExists(e)) return false;
        throw e;
      }
    }
    this.observe(lease);
    const holder = lease.spec?.holderIdentity ?? '';
    const mine = holder === this.cfg.identity;
    const expired = !holder || now - this.observed!.at > this.leaseDurationMs;
    if (!mine && !expired) return false;
    const transitions = (lease.spec?.leaseTransitions ?? 0) + (mine ? 0 : 1);
    const acquireTime = mine ? (lease.spec?.acquireTime ?? microTime(now)) : microTime(now);
    const next: Lease = { ...structuredClone(lease), spec: this.spec(acquireTime, transitions) };
    try {
      const updated = await this.leases().update(next);
      this.observe(updated);
      this.becomeLeader();
      return true;
    } catch (err) {
      if (isConflict(err)) return false;
      throw err;
    }
  }

  private becomeLeader(): void {
    this.lastRenew = this.clock.now();
    if (this.leading) return;
    this.leading = true;
    this.leadingAbort = new AbortController();
    this.cfg.trace?.emit({
      time: this.clock.now(),
      from: { component: this.cfg.name, instance: this.cfg.identity },
      to: { component: 'apiserver' },
      verb: 'leader-acquired',
      resource: 'leases',
      namespace: this.cfg.namespace,
      name: this.cfg.name,
    });
    this.cfg.onStartedLeading(this.leadingAbort.signal);
  }

  private stepDown(): void {
    if (!this.leading) return;
    this.leading = false;
    this.leadingAbort?.abort();
    this.leadingAbort = null;
    (this.cfg.trace ?? nullTraceSink).emit({
      time: this.clock.now(),
      from: { component: this.cfg.name, instance: this.cfg.identity },
      verb: 'leader-lost',
      resource: 'leases',
      namespace: this.cfg.namespace,
      name: this.cfg.name,
    });
    this.cfg.onStoppedLeading?.();
  }

  private async release(): Promise<void> {
    const lease = await this.leases().get(this.cfg.name);
    if (lease.spec?.holderIdentity !== this.cfg.identity) return;
    const spec = { ...(lease.spec ?? {}) } as MutableLeaseSpec;
    spec.holderIdentity = '';
    spec.leaseDurationSeconds = 1;
    await this.leases().update({ ...structuredClone(lease), spec });
  }
}
