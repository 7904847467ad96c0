/**
 * The prober's vocabulary and its one seam, ProbeRunner: who actually performs an HTTP GET, TCP
 * connect or exec for a probe. The real runner (real-runner.ts) dials the pod IP; the sim runtime
 * answers from its model of which container listens where (cri/sim/sim-probes.ts), so probes behave
 * the same in no-VM mode without a network.
 */
import type { Container, Probe } from 'kubernetes-types/core/v1';

export type ProbeKind = 'liveness' | 'readiness' | 'startup';
export type ProbeResult = 'success' | 'failure';

/** Upstream's event wording for each kind ("Liveness probe failed: …"). */
export const PROBE_LABEL: Record<ProbeKind, string> = {
  liveness: 'Liveness',
  readiness: 'Readiness',
  startup: 'Startup',
};

export interface ProbeTarget {
  kind: ProbeKind;
  podUid: string;
  namespace: string;
  podName: string;
  podIP: string;
  container: Container;
  containerId: string;
}

export interface ProbeOutcome {
  result: ProbeResult;
  /** Why it failed, in upstream's words ("HTTP probe failed with statuscode: 500"). */
  message: string;
}

export interface ProbeRunner {
  /** Performs one probe attempt; never rejects (errors become failures with a message). */
  run(probe: Probe, target: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome>;
}

/** A probe's port (number or the name of one of the container's ports) as a number, or undefined. */
export function resolvePort(port: number | string | undefined, container: Container) {
  if (typeof port === 'number') return port;
  if (port === undefined) return undefined;
  if (/^\d+$/.test(port)) return Number(port);
  return container.ports?.find((p) => p.name === port)?.containerPort;
}
