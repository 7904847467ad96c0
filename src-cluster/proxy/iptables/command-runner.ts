/**
 * How the iptables and ipvs backends run `iptables-restore`, `iptables-save`, `ipvsadm` and `ip`.
 * A seam so that the same backend code programs the node itself (VM mode), a private network
 * namespace (integration tests: prefix `ip netns exec <name>`), or a recording fake (unit tests).
 *
 * Contract: `run` resolves with the exit code and output of one command and never throws for a
 * non-zero exit (callers decide what a failure means); it rejects only when the program cannot be
 * started at all (missing binary), with an error naming the program.
 */
import { spawn } from 'node:child_process';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CommandRunner {
  run(program: string, args: readonly string[], input?: string): Promise<CommandResult>;
}

/** A failed data-path command, with what the tool said so the user can act on it. */
export class CommandFailedError extends Error {
  constructor(
    readonly command: string,
    readonly result: CommandResult,
  ) {
    super(`${command} exited with ${result.code}: ${result.stderr.trim() || result.stdout.trim()}`);
    this.name = 'CommandFailedError';
  }
}

/** Runs commands as child processes, each prefixed by `prefix` (e.g. ["ip","netns","exec","kl-1"]). */
export function execRunner(prefix: readonly string[] = []): CommandRunner {
  return {
    run(program, args, input) {
      const argv = [...prefix, program, ...args];
      return new Promise((resolve, reject) => {
        const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
        child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        child.on('error', (err) => reject(new Error(`cannot run ${argv[0]}: ${err.message}`)));
        child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
        child.stdin.on('error', () => {}); // a tool that exits early closes stdin; its code says why
        child.stdin.end(input ?? '');
      });
    },
  };
}

/** Runs a command and throws CommandFailedError on a non-zero exit. */
export async function mustRun(
  runner: CommandRunner,
  program: string,
  args: readonly string[],
  input?: string,
): Promise<string> {
  const r = await runner.run(program, args, input);
  if (r.code !== 0) throw new CommandFailedError([program, ...args].join(' '), r);
  return r.stdout;
}
