/**
 * Builds the kubelet URL for a pod subresource from the API query, validating parameters the way
 * upstream's PodLogOptions / PodExecOptions validation does. Booleans reach the kubelet in
 * upstream's form: logs keep `follow=true`; exec/attach use input/output/error/tty=1.
 */
import { badRequest } from '../status';
import type { KubeletLocation, PodSubresource } from './kubelet-location';

const isTrue = (v: string | null) => v === 'true' || v === '1';

function nonNegativeInt(q: URLSearchParams, name: string, min: number): string | undefined {
  const raw = q.get(name);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n))
    throw badRequest(`${name}: Invalid value: "${raw}": must be an integer`);
  if (n < min)
    throw badRequest(
      `${name}: Invalid value: ${n}: must be greater than ${min === 0 ? 'or equal to 0' : min - 1}`,
    );
  return String(n);
}

function logQuery(q: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const f of ['follow', 'previous', 'timestamps']) if (isTrue(q.get(f))) out.set(f, 'true');
  const sinceSeconds = nonNegativeInt(q, 'sinceSeconds', 1);
  const sinceTime = q.get('sinceTime') || undefined;
  if (sinceSeconds && sinceTime)
    throw badRequest('at most one of `sinceTime` or `sinceSeconds` may be specified');
  if (sinceSeconds) out.set('sinceSeconds', sinceSeconds);
  if (sinceTime) {
    if (Number.isNaN(Date.parse(sinceTime)))
      throw badRequest(`sinceTime: Invalid value: "${sinceTime}": must be an RFC 3339 time`);
    out.set('sinceTime', sinceTime);
  }
  const tailLines = nonNegativeInt(q, 'tailLines', 0);
  if (tailLines) out.set('tailLines', tailLines);
  const limitBytes = nonNegativeInt(q, 'limitBytes', 1);
  if (limitBytes) out.set('limitBytes', limitBytes);
  return out;
}

function streamQuery(q: URLSearchParams, subresource: 'exec' | 'attach'): URLSearchParams {
  const out = new URLSearchParams();
  if (subresource === 'exec') {
    const command = q.getAll('command');
    if (command.length === 0)
      throw badRequest('you must specify at least one command for the container');
    for (const c of command) out.append('command', c);
  }
  const stdin = isTrue(q.get('stdin'));
  const stdout = isTrue(q.get('stdout'));
  const stderr = isTrue(q.get('stderr'));
  const tty = isTrue(q.get('tty'));
  if (!stdin && !stdout && !stderr)
    throw badRequest('you must specify at least 1 of stdin, stdout, stderr');
  if (stdin) out.set('input', '1');
  if (stdout) out.set('output', '1');
  if (stderr) out.set('error', '1');
  if (tty) out.set('tty', '1');
  return out;
}

/** The path+query to request on the kubelet. */
export function kubeletPath(
  loc: KubeletLocation,
  namespace: string,
  pod: string,
  subresource: PodSubresource,
  query: URLSearchParams,
): string {
  const seg = [namespace, pod, loc.container].map(encodeURIComponent).join('/');
  if (subresource === 'log') {
    const qs = logQuery(query).toString();
    return `/containerLogs/${seg}${qs ? `?${qs}` : ''}`;
  }
  return `/${subresource}/${seg}?${streamQuery(query, subresource).toString()}`;
}
