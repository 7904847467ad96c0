/**
 * The commands `kubectl exec` (and exec probes) can run inside a simulated container: echo, cat,
 * env/printenv, hostname, ls, ps (which shows the container's main process), date, true/false,
 * `sh -c 'a; b; exit N'`. Anything else fails to start like a missing binary under runc.
 */
import type { ExecIO } from '../../server/streamer';
import { CriError } from '../errors';
import { shellWords } from './behaviour';

export interface ExecContext {
  env: Record<string, string>;
  hostname: string;
  /** The main process's command line, for ps. */
  mainProcess: string;
  now: () => number;
}

type Command = (args: string[], io: ExecIO, ctx: ExecContext) => Promise<number>;

function print(io: ExecIO, text: string, stream: 'stdout' | 'stderr' = 'stdout'): void {
  const out = stream === 'stderr' && !io.tty ? io.stderr : io.stdout;
  out?.write(io.tty ? text.replace(/\n/g, '\r\n') : text);
}

const ROOT = ['bin', 'dev', 'etc', 'home', 'proc', 'root', 'sys', 'tmp', 'usr', 'var'];

const COMMANDS: Record<string, Command> = {
  async echo(args, io) {
    print(io, args.join(' ') + '\n');
    return 0;
  },
  async cat(args, io) {
    if (args.length > 0) {
      if (args[0] === '/etc/hostname') return (print(io, 'see hostname\n'), 0);
      print(io, `cat: can't open '${args[0]}': No such file or directory\n`, 'stderr');
      return 1;
    }
    if (!io.stdin) return 0;
    for await (const chunk of io.stdin) io.stdout?.write(chunk as Buffer);
    return 0;
  },
  async env(_args, io, ctx) {
    print(
      io,
      Object.entries(ctx.env)
        .map(([k, v]) => `${k}=${v}\n`)
        .join(''),
    );
    return 0;
  },
  async printenv(args, io, ctx) {
    if (args[0] === undefined) return COMMANDS.env!(args, io, ctx);
    const v = ctx.env[args[0]];
    if (v === undefined) return 1;
    print(io, v + '\n');
    return 0;
  },
  async hostname(_args, io, ctx) {
    print(io, ctx.hostname + '\n');
    return 0;
  },
  async ls(_args, io) {
    print(io, ROOT.join('\n') + '\n');
    return 0;
  },
  async ps(_args, io, ctx) {
    print(io, `PID   USER     TIME  COMMAND\n    1 root      0:00 ${ctx.mainProcess}\n`);
    return 0;
  },
  async date(_args, io, ctx) {
    print(io, new Date(ctx.now()).toUTCString() + '\n');
    return 0;
  },
  async true() {
    return 0;
  },
  async false() {
    return 1;
  },
  async sh(args, io, ctx) {
    if (args[0] !== '-c' || args.length < 2) {
      // An interactive shell: echo a prompt and run lines from stdin until it ends.
      if (!io.stdin) return 0;
      let status = 0;
      let buf = '';
      print(io, '/ # ');
      for await (const chunk of io.stdin) {
        buf += (chunk as Buffer).toString().replace(/\r/g, '\n');
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (line.trim() === 'exit') return status;
          if (line.trim()) status = await runScript(line, io, ctx);
          print(io, '/ # ');
        }
      }
      return status;
    }
    return runScript(args[1]!, io, ctx);
  },
};
COMMANDS.bash = COMMANDS.sh!;
COMMANDS.ash = COMMANDS.sh!;

async function runScript(script: string, io: ExecIO, ctx: ExecContext): Promise<number> {
  let status = 0;
  for (const part of script.split(/;|&&|\n/)) {
    const words = shellWords(part.replace(/\$(\w+)/g, (_m, k: string) => ctx.env[k] ?? ''));
    if (words.length === 0) continue;
    if (words[0] === 'exit') return Number(words[1] ?? status) || 0;
    const cmd = COMMANDS[base(words[0]!)];
    if (!cmd) {
      print(io, `sh: ${words[0]}: not found\n`, 'stderr');
      status = 127;
      continue;
    }
    status = await cmd(words.slice(1), io, ctx);
  }
  return status;
}

function base(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** Runs argv in the container; rejects like runc when the binary does not exist. */
export async function runSimCommand(argv: string[], io: ExecIO, ctx: ExecContext): Promise<number> {
  const cmd = COMMANDS[base(argv[0] ?? '')];
  if (!cmd) {
    throw new CriError(
      'Unknown',
      `OCI runtime exec failed: exec failed: unable to start container process: exec: "${argv[0] ?? ''}": executable file not found in $PATH: unknown`,
    );
  }
  return cmd(argv.slice(1), io, ctx);
}
