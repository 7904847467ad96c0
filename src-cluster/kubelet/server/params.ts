/**
 * Parses kubelet streaming URLs:
 *   /containerLogs/<ns>/<pod>/<container>?follow&tailLines&timestamps&previous&sinceSeconds&sinceTime&limitBytes
 *   /exec/<ns>/<pod>[/<uid>]/<container>?command=…&command=…&input&output&error&tty
 *   /attach/<ns>/<pod>[/<uid>]/<container>?input&output&error&tty
 * The API server sends upstream's names (input/output/error = "1"); stdin/stdout/stderr and "true"
 * are accepted too so the endpoint is easy to call by hand.
 */
import type { ExecTarget } from './remotecommand/session';
import type { LogOptions } from './streamer';
import { RequestError } from './status';

function segments(pathname: string, prefix: string): string[] {
  return pathname
    .slice(prefix.length)
    .split('/')
    .filter(Boolean)
    .map((s) => decodeURIComponent(s));
}

const truthy = (v: string | null) => v === '1' || v === 'true';

function flag(q: URLSearchParams, ...names: string[]): boolean {
  return names.some((n) => truthy(q.get(n)));
}

function integer(q: URLSearchParams, name: string, min: number): number | undefined {
  const raw = q.get(name);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new RequestError(400, `${name}: invalid value "${raw}"`);
  if (n < min)
    throw new RequestError(400, `${name}: must be greater than or equal to ${min}, got ${n}`);
  return n;
}

export interface LogTarget {
  namespace: string;
  pod: string;
  container: string;
  options: Omit<LogOptions, 'signal'>;
}

export function parseLogRequest(url: URL): LogTarget {
  const parts = segments(url.pathname, '/containerLogs/');
  if (parts.length !== 3)
    throw new RequestError(404, 'expected /containerLogs/<namespace>/<pod>/<container>');
  const q = url.searchParams;
  const sinceSeconds = integer(q, 'sinceSeconds', 1);
  const sinceTime = q.get('sinceTime') || undefined;
  if (sinceSeconds !== undefined && sinceTime !== undefined)
    throw new RequestError(400, 'at most one of `sinceTime` or `sinceSeconds` may be specified');
  if (sinceTime !== undefined && Number.isNaN(Date.parse(sinceTime)))
    throw new RequestError(400, `sinceTime: invalid RFC 3339 time "${sinceTime}"`);
  const tailLines = integer(q, 'tailLines', 0);
  const limitBytes = integer(q, 'limitBytes', 1);
  return {
    namespace: parts[0]!,
    pod: parts[1]!,
    container: parts[2]!,
    options: {
      follow: flag(q, 'follow'),
      timestamps: flag(q, 'timestamps'),
      previous: flag(q, 'previous'),
      ...(tailLines !== undefined ? { tailLines } : {}),
      ...(sinceSeconds !== undefined ? { sinceSeconds } : {}),
      ...(sinceTime !== undefined ? { sinceTime } : {}),
      ...(limitBytes !== undefined ? { limitBytes } : {}),
    },
  };
}

/** Parses an exec or attach URL and validates its flags like upstream's NewOptions. */
export function parseExecRequest(url: URL): ExecTarget {
  const kind = url.pathname.startsWith('/exec/') ? 'exec' : 'attach';
  const parts = segments(url.pathname, `/${kind}/`);
  if (parts.length !== 3 && parts.length !== 4)
    throw new RequestError(404, `expected /${kind}/<namespace>/<pod>/<container>`);
  const q = url.searchParams;
  const tty = flag(q, 'tty');
  const flags = {
    stdin: flag(q, 'input', 'stdin'),
    stdout: flag(q, 'output', 'stdout'),
    // A terminal has one output stream; upstream silently drops stderr with a tty.
    stderr: !tty && flag(q, 'error', 'stderr'),
    tty,
  };
  if (!flags.stdin && !flags.stdout && !flags.stderr)
    throw new RequestError(400, 'you must specify at least 1 of stdin, stdout, stderr');
  const command = q.getAll('command');
  if (kind === 'exec' && command.length === 0)
    throw new RequestError(400, 'you must specify at least one command for the container');
  return {
    kind,
    namespace: parts[0]!,
    pod: parts[1]!,
    container: parts[parts.length - 1]!,
    command,
    flags,
  };
}
