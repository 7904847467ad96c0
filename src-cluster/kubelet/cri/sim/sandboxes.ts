/**
 * The sim runtime's pod sandboxes: each gets an IP from the node's pod CIDR while it is ready and
 * gives it back when stopped; views and filters as the CRI's PodSandboxManager answers them. The
 * containers inside a sandbox are the runtime's business (it stops them before stop()).
 */
import { randomBytes } from 'node:crypto';
import { CriError } from '../errors';
import type {
  PodSandbox,
  PodSandboxConfig,
  PodSandboxFilter,
  PodSandboxStatus,
} from '../runtime-service';
import { nanosFromMs } from '../runtime-service';
import { IpPool } from './ip-pool';

export interface SimSandbox {
  id: string;
  config: PodSandboxConfig;
  state: 'SANDBOX_READY' | 'SANDBOX_NOTREADY';
  createdAt: number;
  ip: string;
}

/** A 64-hex-digit id, as containerd's. */
export const newId = () => randomBytes(32).toString('hex');

/** The CRI label selector: every key equal. */
export function matchLabels(labels: Record<string, string>, sel?: Record<string, string>): boolean {
  return Object.entries(sel ?? {}).every(([k, v]) => labels[k] === v);
}

export class SimSandboxes {
  private readonly sandboxes = new Map<string, SimSandbox>();
  private pool: IpPool;

  constructor(
    podCIDR: string,
    private readonly now: () => number,
  ) {
    this.pool = new IpPool(podCIDR);
  }

  /** A new pod CIDR (UpdateRuntimeConfig): later sandboxes take their IPs from it. */
  setPodCidr(cidr: string): void {
    if (cidr && cidr !== this.pool.cidr) this.pool = new IpPool(cidr);
  }

  run(config: PodSandboxConfig): string {
    const id = newId();
    const ip = this.pool.allocate();
    this.sandboxes.set(id, { id, config, state: 'SANDBOX_READY', createdAt: this.now(), ip });
    return id;
  }

  find(id: string): SimSandbox | undefined {
    return this.sandboxes.get(id);
  }

  get(id: string): SimSandbox {
    const s = this.sandboxes.get(id);
    if (!s)
      throw new CriError(
        'NotFound',
        `an error occurred when try to find sandbox "${id}": not found`,
      );
    return s;
  }

  /** NOTREADY, its IP released (once). */
  stop(s: SimSandbox): void {
    if (s.state === 'SANDBOX_READY') this.pool.release(s.ip);
    s.state = 'SANDBOX_NOTREADY';
  }

  delete(id: string): void {
    this.sandboxes.delete(id);
  }

  clear(): void {
    this.sandboxes.clear();
  }

  private view(s: SimSandbox): PodSandbox {
    return {
      id: s.id,
      metadata: { ...s.config.metadata },
      state: s.state,
      createdAt: nanosFromMs(s.createdAt),
      labels: { ...(s.config.labels ?? {}) },
      annotations: { ...(s.config.annotations ?? {}) },
    };
  }

  status(id: string): PodSandboxStatus {
    const s = this.get(id);
    const ip = s.state === 'SANDBOX_READY' ? s.ip : '';
    return { ...this.view(s), network: { ip, additionalIps: [] } };
  }

  list(f: PodSandboxFilter): PodSandbox[] {
    return [...this.sandboxes.values()]
      .filter((s) => (!f.id || s.id === f.id) && (!f.state || s.state === f.state.state))
      .filter((s) => matchLabels(s.config.labels ?? {}, f.labelSelector))
      .map((s) => this.view(s));
  }
}
