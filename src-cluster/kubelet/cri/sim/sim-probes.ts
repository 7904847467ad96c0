/**
 * Probes against simulated containers. There is no network in the sim, so an HTTP GET or TCP
 * connect to the pod IP is answered from the runtime's model: a running container of the pod that
 * listens on the port answers (HTTP 200 if it speaks HTTP), otherwise the connection is refused.
 * A failProbe fault turns the answer into a failure for that probe kind only.
 */
import type { Probe } from 'kubernetes-types/core/v1';
import {
  resolvePort,
  type ProbeOutcome,
  type ProbeRunner,
  type ProbeTarget,
} from '../../prober/types';
import type { SimRuntime } from './sim-runtime';

const ok: ProbeOutcome = { result: 'success', message: '' };

export class SimProbeRunner implements ProbeRunner {
  constructor(private readonly runtime: SimRuntime) {}

  async run(probe: Probe, t: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
    const failing = this.runtime.probeFailing(t.podUid, t.container.name, t.kind);
    if (probe.httpGet) {
      const port = resolvePort(probe.httpGet.port, t.container) ?? 0;
      const scheme = (probe.httpGet.scheme ?? 'HTTP').toLowerCase();
      const url = `${scheme}://${t.podIP}:${port}${probe.httpGet.path ?? '/'}`;
      if (failing) return { result: 'failure', message: 'HTTP probe failed with statuscode: 500' };
      const l = this.runtime.listenerIn(t.podUid, port);
      if (!l) {
        return {
          result: 'failure',
          message: `Get "${url}": dial tcp ${t.podIP}:${port}: connect: connection refused`,
        };
      }
      if (!l.http) {
        return {
          result: 'failure',
          message: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
        };
      }
      return ok;
    }
    if (probe.tcpSocket) {
      const port = resolvePort(probe.tcpSocket.port, t.container) ?? 0;
      if (failing || !this.runtime.listenerIn(t.podUid, port)) {
        return {
          result: 'failure',
          message: `dial tcp ${t.podIP}:${port}: connect: connection refused`,
        };
      }
      return ok;
    }
    if (probe.exec) {
      if (failing) return { result: 'failure', message: 'command exited with 1' };
      try {
        const r = await this.runtime.execSync({
          containerId: t.containerId,
          cmd: probe.exec.command ?? [],
          timeout: Math.ceil(timeoutMs / 1000),
        });
        if (r.exitCode === 0) return ok;
        const out = (r.stdout.toString() + r.stderr.toString()).trim();
        return { result: 'failure', message: out || `command exited with ${r.exitCode}` };
      } catch (e) {
        return { result: 'failure', message: (e as Error).message };
      }
    }
    if (probe.grpc) {
      return failing || !this.runtime.listenerIn(t.podUid, probe.grpc.port)
        ? {
            result: 'failure',
            message: `timeout: failed to connect service "${t.podIP}:${probe.grpc.port}" within 1s`,
          }
        : ok;
    }
    return { result: 'failure', message: 'probe has no handler' };
  }
}
