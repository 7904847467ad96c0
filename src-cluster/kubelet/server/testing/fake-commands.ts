/**
 * The few commands the fake container runtime understands, enough to exercise every stream of
 * exec: echo (stdout), cat (stdin → stdout), ls, true/false, tty (reports whether a terminal was
 * requested), printenv-free `sh -c 'cmd; cmd; exit N'`, and `echo-err` (stderr).
 */
import type { ExecIO } from '../streamer';
import { StreamerError } from '../streamer';

export type FakeCommand = (args: string[], io: ExecIO) => Promise<number>;

/** A terminal turns "\n" into "\r\n" on output (the tty's onlcr setting); mimic it. */
function print(io: ExecIO, text: string, stream: 'stdout' | 'stderr' = 'stdout'): void {
  const out = stream === 'stderr' && !io.tty ? io.stderr : io.stdout;
  out?.write(io.tty ? text.replace(/\n/g, '\r\n') : text);
}

/** Splits a shell word list, honouring single and double quotes (no escapes, no expansion). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  const re = /'([^']*)'|"([^"]*)"|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) words.push(m[1] ?? m[2] ?? m[3]!);
  return words;
}

export const FAKE_COMMANDS: Record<string, FakeCommand> = {
  async echo(args, io) {
    print(io, args.join(' ') + '\n');
    return 0;
  },
  async 'echo-err'(args, io) {
    print(io, args.join(' ') + '\n', 'stderr');
    return 0;
  },
  async cat(_args, io) {
    if (!io.stdin) return 0;
    for await (const chunk of io.stdin) io.stdout?.write(chunk as Buffer);
    return 0;
  },
  async ls(_args, io) {
    print(
      io,
      ['bin', 'dev', 'etc', 'home', 'proc', 'root', 'sys', 'tmp', 'usr', 'var'].join('\n') + '\n',
    );
    return 0;
  },
  async true() {
    return 0;
  },
  async false() {
    return 1;
  },
  async tty(_args, io) {
    print(io, io.tty ? '/dev/pts/0\n' : 'not a tty\n');
    return io.tty ? 0 : 1;
  },
  async sh(args, io) {
    if (args[0] !== '-c' || args.length < 2) {
      print(io, 'sh: only `sh -c <script>` is supported by the fake runtime\n', 'stderr');
      return 2;
    }
    let status = 0;
    for (const part of args[1]!.split(';')) {
      const words = shellWords(part);
      if (words.length === 0) continue;
      if (words[0] === 'exit') return Number(words[1] ?? status) || 0;
      const cmd = FAKE_COMMANDS[words[0]!];
      if (!cmd) {
        print(io, `sh: ${words[0]}: not found\n`, 'stderr');
        status = 127;
        continue;
      }
      status = await cmd(words.slice(1), io);
    }
    return status;
  },
};

/** Runs argv; an unknown program fails to start, like a missing binary under a real runtime. */
export async function runFakeCommand(argv: string[], io: ExecIO): Promise<number> {
  const cmd = FAKE_COMMANDS[argv[0] ?? ''];
  if (!cmd) {
    throw new StreamerError(
      500,
      `OCI runtime exec failed: exec failed: unable to start container process: exec: "${argv[0]}": executable file not found in $PATH: unknown`,
    );
  }
  return cmd(argv.slice(1), io);
}
