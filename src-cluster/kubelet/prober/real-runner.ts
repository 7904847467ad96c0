/**
 * Probes over the real network (VM mode): HTTP GET and TCP connect to the pod IP from the node,
 * exec through the runtime's ExecSync. Wording of failures follows the Go kubelet's so events read
 * the same in both modes.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Probe } from 'kubernetes-types/core/v1';
import type { ContainerManager } from '../cri/runtime-service';
import { resolvePort, type ProbeOutcome, type ProbeRunner, type ProbeTarget } from './types';

export class RealProbeRunner implements ProbeRunner {
  constructor(private readonly runtime: Pick<ContainerManager, 'execSync'>) {}

  async run(probe: Probe, t: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
    if (probe.httpGet) return this.http(probe, t, timeoutMs);
    if (probe.tcpSocket) {
      const port = resolvePort(probe.tcpSocket.port, t.container) ?? 0;
      const host = probe.tcpSocket.host || t.podIP;
      return new Promise((resolve) => {
        const s = net.connect({ host, port, timeout: timeoutMs });
        s.once('connect', () => (s.destroy(), resolve({ result: 'success', message: '' })));
        const fail = (why: string) => {
          s.destroy();
          resolve({ result: 'failure', message: `dial tcp ${host}:${port}: ${why}` });
        };
        s.once('timeout', () => fail('i/o timeout'));
        s.once('error', () => fail('connect: connection refused'));
      });
    }
    if (probe.exec) {
      try {
        const r = await this.runtime.execSync({
          containerId: t.containerId,
          cmd: probe.exec.command ?? [],
          timeout: Math.ceil(timeoutMs / 1000),
        });
        if (r.exitCode === 0) return { result: 'success', message: '' };
        const out = (r.stdout.toString() + r.stderr.toString()).trim();
        return { result: 'failure', message: out || `command exited with ${r.exitCode}` };
      } catch (e) {
        return { result: 'failure', message: (e as Error).message };
      }
    }
    return { result: 'failure', message: 'probe handler not supported' };
  }

  private http(probe: Probe, t: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
    const g = probe.httpGet!;
    const port = resolvePort(g.port, t.container) ?? 0;
    const host = g.host || t.podIP;
    const secure = (g.scheme ?? 'HTTP').toUpperCase() === 'HTTPS';
    const url = `${secure ? 'https' : 'http'}://${host}:${port}${g.path ?? '/'}`;
    const headers: Record<string, string> = { 'User-Agent': 'kube-probe/1.32' };
    for (const h of g.httpHeaders ?? []) headers[h.name] = h.value;
    return new Promise((resolve) => {
      const req = (secure ? https : http).get(
        url,
        { headers, timeout: timeoutMs, rejectUnauthorized: false },
        (res) => {
          res.resume();
          const code = res.statusCode ?? 0;
          resolve(
            code >= 200 && code < 400
              ? { result: 'success', message: '' }
              : { result: 'failure', message: `HTTP probe failed with statuscode: ${code}` },
          );
        },
      );
      req.once('timeout', () => {
        req.destroy();
        resolve({
          result: 'failure',
          message: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
        });
      });
      req.once('error', (e) =>
        resolve({ result: 'failure', message: `Get "${url}": ${(e as Error).message}` }),
      );
    });
  }
}
