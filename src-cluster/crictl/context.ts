/**
 * What every crictl subcommand gets: the runtime client, where to write, the clock ("x minutes
 * ago" is relative to it, so tests fix it) and the process environment. Output goes through
 * `out`/`err` rather than console so `runCrictl` can be driven and captured in-process.
 */
import type { CrictlClient } from './client';

export interface CrictlIO {
  out(s: string): void;
  err(s: string): void;
  /** Raw bytes of a container's output (exec, logs), written as they come. */
  outBytes(b: Uint8Array): void;
  errBytes(b: Uint8Array): void;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?(raw: boolean): unknown };
  stdoutIsTTY: boolean;
  env: Record<string, string | undefined>;
  now(): number;
}

export interface CommandContext {
  client: CrictlClient;
  io: CrictlIO;
}

export function processIO(): CrictlIO {
  return {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    outBytes: (b) => process.stdout.write(b),
    errBytes: (b) => process.stderr.write(b),
    stdin: process.stdin,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    now: () => Date.now(),
  };
}
