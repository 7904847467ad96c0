/**
 * The host's view of faults: the catalogue, what is active, when each reverts on its own, and a
 * timeline of marks. Apply and revert are carried out by the cluster (FaultBackend); this service
 * guarantees the revert — on its timer, on "revert all", and before the cluster stops.
 */
import type {
  ActiveFault,
  FaultKindInfo,
  FaultMark,
  FaultRequest,
  FaultsState,
} from '../../src-shared/ipc';

/** Where faults are really applied (the cluster child, or a fake in tests). */
export interface FaultBackend {
  catalogue(): Promise<FaultKindInfo[]>;
  apply(req: FaultRequest): Promise<ActiveFault>;
  revert(id: string): Promise<void>;
}

export interface FaultServiceOptions {
  backend: () => FaultBackend | undefined;
  onChanged(state: FaultsState): void;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => () => void;
}

export class FaultService {
  private readonly active = new Map<string, { fault: ActiveFault; cancel?: () => void }>();
  private marks: FaultMark[] = [];
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => () => void;

  constructor(private readonly opts: FaultServiceOptions) {
    this.now = opts.now ?? Date.now;
    this.setTimer =
      opts.setTimer ??
      ((fn, ms) => {
        const t = setTimeout(fn, ms);
        return () => clearTimeout(t);
      });
  }

  async catalogue(): Promise<FaultKindInfo[]> {
    return (await this.opts.backend()?.catalogue()) ?? [];
  }

  async apply(req: FaultRequest): Promise<ActiveFault> {
    const backend = this.requireBackend();
    try {
      const applied = await backend.apply(req);
      const fault: ActiveFault = {
        ...applied,
        appliedAt: applied.appliedAt ?? this.now(),
        ...(req.durationSec ? { expiresAt: this.now() + req.durationSec * 1000 } : {}),
      };
      const cancel = req.durationSec
        ? this.setTimer(() => void this.revert(fault.id), req.durationSec * 1000)
        : undefined;
      this.active.set(fault.id, { fault, ...(cancel ? { cancel } : {}) });
      this.mark(fault, 'applied');
      return fault;
    } catch (err) {
      this.mark({ id: '-', kind: req.kind, target: req.target }, 'failed', (err as Error).message);
      throw err;
    }
  }

  async revert(id: string): Promise<void> {
    const entry = this.active.get(id);
    if (!entry) return;
    entry.cancel?.();
    this.active.delete(id);
    try {
      await this.opts.backend()?.revert(id);
      this.mark(entry.fault, 'reverted');
    } catch (err) {
      this.mark(entry.fault, 'failed', `revert: ${(err as Error).message}`);
    }
  }

  async revertAll(): Promise<void> {
    for (const id of [...this.active.keys()]) await this.revert(id);
  }

  state(): FaultsState {
    return { active: [...this.active.values()].map((e) => e.fault), marks: [...this.marks] };
  }

  /** The cluster went away: its faults went with it. */
  forgetAll(): void {
    for (const e of this.active.values()) e.cancel?.();
    this.active.clear();
    this.opts.onChanged(this.state());
  }

  private requireBackend(): FaultBackend {
    const b = this.opts.backend();
    if (!b) throw new Error('no cluster is running');
    return b;
  }

  private mark(
    f: Pick<ActiveFault, 'id' | 'kind' | 'target'>,
    what: FaultMark['what'],
    message?: string,
  ): void {
    this.marks.push({
      faultId: f.id,
      kind: f.kind,
      target: f.target,
      at: this.now(),
      what,
      ...(message ? { message } : {}),
    });
    if (this.marks.length > 500) this.marks.splice(0, this.marks.length - 500);
    this.opts.onChanged(this.state());
  }
}
