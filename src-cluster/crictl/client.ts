/**
 * crictl's connection to the runtime: the project's CRI client (ContainerdRuntime) for every call
 * the kubelet also makes, plus the verbose status calls the kubelet never makes. ContainerdRuntime's
 * status methods return only `status`, so the three verbose variants (whose `info` map carries
 * containerd's JSON: pid, sandbox id, OCI spec, CNI result, config) go through the same gRPC
 * plumbing (grpc-client.ts: same proto, same CriError mapping) on a channel of their own.
 */
import type * as grpc from '@grpc/grpc-js';
import { ContainerdRuntime } from '../kubelet/cri/containerd/containerd-runtime';
import { connectCri, unary } from '../kubelet/cri/containerd/grpc-client';
import { probeSocket } from './endpoint';

/** A status object as proto-loader decodes it (every field present, int64 as strings). */
export type RawStatus = Record<string, unknown>;

export interface VerboseStatus {
  /** Absent for an image that is not present. */
  status?: RawStatus;
  info: Record<string, string>;
}

export class CrictlClient {
  readonly runtime: ContainerdRuntime;
  private raw?: { runtime: grpc.Client; image: grpc.Client };

  constructor(
    readonly endpoint: string,
    readonly timeoutMs: number,
  ) {
    this.runtime = new ContainerdRuntime(endpoint, { requestTimeoutMs: timeoutMs });
  }

  /** Fails fast, with the socket and the reason, when nothing listens at the endpoint. */
  async validate(): Promise<void> {
    await probeSocket(this.endpoint, this.timeoutMs);
    try {
      await this.runtime.version({ version: 'v1' });
    } catch (e) {
      throw new Error(
        `validate service connection: validate CRI v1 runtime API for endpoint "${this.endpoint}": ` +
          (e instanceof Error ? e.message : String(e)),
      );
    }
  }

  private channels(): { runtime: grpc.Client; image: grpc.Client } {
    this.raw ??= connectCri(this.endpoint);
    return this.raw;
  }

  async containerStatus(containerId: string, verbose: boolean): Promise<VerboseStatus> {
    const r = await unary<{ status: RawStatus; info: Record<string, string> }>(
      this.channels().runtime,
      'ContainerStatus',
      { containerId, verbose },
      this.timeoutMs,
    );
    return { status: r.status, info: r.info ?? {} };
  }

  async podSandboxStatus(podSandboxId: string, verbose: boolean): Promise<VerboseStatus> {
    const r = await unary<{ status: RawStatus; info: Record<string, string> }>(
      this.channels().runtime,
      'PodSandboxStatus',
      { podSandboxId, verbose },
      this.timeoutMs,
    );
    return { status: r.status, info: r.info ?? {} };
  }

  async imageStatus(image: string, verbose: boolean): Promise<VerboseStatus> {
    const r = await unary<{ image: RawStatus | null; info: Record<string, string> }>(
      this.channels().image,
      'ImageStatus',
      { image: { image }, verbose },
      this.timeoutMs,
    );
    return { status: r.image ?? undefined, info: r.info ?? {} };
  }

  close(): void {
    this.runtime.close();
    this.raw?.runtime.close();
    this.raw?.image.close();
  }
}
