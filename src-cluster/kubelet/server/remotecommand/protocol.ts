/**
 * Remote command stream protocols (k8s.io/apimachinery remotecommand): negotiation and what each
 * version changes.
 *
 *   channel.k8s.io     v1: error stream carries plain text; no resize.
 *   v2.channel.k8s.io  v2: fixes stdin/stream ordering; still plain-text errors.
 *   v3.channel.k8s.io  v3: adds the resize stream (JSON {"Width","Height"} messages).
 *   v4.channel.k8s.io  v4: the error stream carries a metav1.Status JSON with the exit code.
 *   v5.channel.k8s.io  v5 (WebSocket only): adds the close-channel message so stdin can end.
 */

export const SPDY_PROTOCOLS = [
  'v4.channel.k8s.io',
  'v3.channel.k8s.io',
  'v2.channel.k8s.io',
  'channel.k8s.io',
] as const;

/** Binary WebSocket subprotocols served (the base64.* text variants are not). */
export const WEBSOCKET_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;

export type StreamType = 'error' | 'stdin' | 'stdout' | 'stderr' | 'resize';

/** The protocol's version number (1 for the unversioned channel.k8s.io). */
export function protocolVersion(name: string): number {
  const m = /^v(\d+)\.channel\.k8s\.io$/.exec(name);
  return m ? Number(m[1]) : 1;
}

/** Splits a header that may be repeated and/or comma-joined into its values. */
export function headerValues(raw: string | string[] | undefined): string[] {
  const all = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return all
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** The first protocol the client offers that the server supports (client preference wins). */
export function negotiate(offered: string[], supported: readonly string[]): string | undefined {
  return offered.find((p) => supported.includes(p));
}

export interface StreamFlags {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** The SPDY streams a client opens for these flags; the command starts once all exist. */
export function expectedStreams(flags: StreamFlags, version: number): Set<StreamType> {
  const out = new Set<StreamType>(['error']);
  if (flags.stdin) out.add('stdin');
  if (flags.stdout) out.add('stdout');
  if (flags.stderr && !flags.tty) out.add('stderr');
  if (flags.tty && version >= 3) out.add('resize');
  return out;
}

/** How the command ended, as reported on the error stream. */
export type ExecOutcome = { exitCode: number } | { error: string };

/**
 * The error-stream payload for a finished command. v4+: a Status JSON (Success, NonZeroExitCode
 * with the code in details.causes — kubectl exits with it — or InternalError). Before v4: empty
 * for success, else the message as text.
 */
export function errorStreamPayload(
  outcome: ExecOutcome,
  version: number,
  command: string[],
): Buffer {
  if (version < 4) {
    if ('exitCode' in outcome) {
      return outcome.exitCode === 0
        ? Buffer.alloc(0)
        : Buffer.from(
            `command terminated with non-zero exit code: exit status ${outcome.exitCode}`,
          );
    }
    return Buffer.from(outcome.error);
  }
  let status: Record<string, unknown>;
  if ('exitCode' in outcome && outcome.exitCode === 0) {
    status = { metadata: {}, status: 'Success' };
  } else if ('exitCode' in outcome) {
    status = {
      metadata: {},
      status: 'Failure',
      message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${outcome.exitCode}`,
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: String(outcome.exitCode) }] },
    };
  } else {
    status = {
      metadata: {},
      status: 'Failure',
      message: `Internal error occurred: ${outcome.error}`,
      reason: 'InternalError',
      details: { causes: [{ message: outcome.error }] },
      code: 500,
    };
  }
  return Buffer.from(JSON.stringify(status));
}

interface StatusPayload {
  status?: string;
  message?: string;
  reason?: string;
  details?: { causes?: { reason?: string; message?: string }[] };
}

/**
 * The client's reading of a finished error stream (the inverse of errorStreamPayload). v4+:
 * Success → exit 0; NonZeroExitCode → the ExitCode cause; any other Failure → its error (for an
 * InternalError the cause's text, so a server relaying it re-wraps it exactly once). Before v4:
 * empty → exit 0, else the text (an "exit status N" in it is taken as the exit code).
 */
export function parseErrorStream(payload: Buffer, version: number): ExecOutcome {
  const text = payload.toString('utf8');
  if (!text.trim()) return { exitCode: 0 };
  if (version < 4) {
    const m = /non-zero exit code: exit status (\d+)/.exec(text);
    return m ? { exitCode: Number(m[1]) } : { error: text };
  }
  let s: StatusPayload;
  try {
    s = JSON.parse(text) as StatusPayload;
  } catch {
    return { error: `malformed status on the error stream: ${text.slice(0, 200)}` };
  }
  if (s.status === 'Success') return { exitCode: 0 };
  const causes = s.details?.causes ?? [];
  if (s.reason === 'NonZeroExitCode') {
    const code = Number(causes.find((c) => c.reason === 'ExitCode')?.message);
    if (Number.isInteger(code)) return { exitCode: code };
  }
  if (s.reason === 'InternalError' && causes[0]?.message) return { error: causes[0].message };
  return { error: s.message || text };
}
