/** Talks to a running cluster's control endpoint (control-server.ts) for the other commands. */
import { ClusterDir, notRunning, type ControlInfo } from './cluster-dir';
import { TOKEN_HEADER } from './control-server';

export class ControlError extends Error {}

export function controlOf(dir: ClusterDir): ControlInfo {
  const pid = dir.runningPid();
  const info = dir.control();
  if (!pid || !info || info.pid !== pid) throw new ControlError(notRunning(dir));
  return info;
}

export async function callControl<T>(
  info: ControlInfo,
  method: 'GET' | 'POST',
  path: string,
  payload?: unknown,
  timeoutMs = 30_000,
): Promise<T> {
  const res = await fetch(`${info.url}${path}`, {
    method,
    headers: { [TOKEN_HEADER]: info.token, 'content-type': 'application/json' },
    ...(payload !== undefined ? { body: JSON.stringify(payload) } : {}),
    signal: AbortSignal.timeout(timeoutMs),
  }).catch((err: unknown) => {
    throw new ControlError(
      `cannot reach the cluster process at ${info.url}: ${err instanceof Error ? err.message : err}`,
    );
  });
  const text = await res.text();
  const value = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const msg = (value as { error?: string } | undefined)?.error ?? `HTTP ${res.status}`;
    throw new ControlError(msg);
  }
  return value as T;
}
