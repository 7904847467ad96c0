/**
 * What a simulated container's main process does, derived from its argv the way a user would
 * predict it: `nginx` serves HTTP on :80 until stopped, `sleep 5` exits 0 after five seconds,
 * `sh -c 'echo hi; exit 1'` prints and exits 1, `while true; do echo tick; sleep 1; done` logs
 * forever, a bare `sh` with no terminal exits 0 at once (and so crash-loops under Always).
 *
 * A program is a list of steps played on the runtime's clock; `loop` repeats after them forever.
 */

export type Step =
  | { kind: 'log'; text: string; stream?: 'stdout' | 'stderr' }
  | { kind: 'sleep'; ms: number }
  | { kind: 'exit'; code: number }
  /** Starts listening; `http` ports answer HTTP 200. The process then keeps running. */
  | { kind: 'listen'; ports: number[]; http: boolean }
  /** Runs until stopped. */
  | { kind: 'forever' }
  /** Allocates memory (bytes); past the container's limit the kernel OOM-kills it. */
  | { kind: 'alloc'; bytes: number };

export interface Program {
  steps: Step[];
  loop?: Step[];
  /**
   * Whether SIGTERM ends it. A shell or `sleep` running as PID 1 has no handler and PID 1 ignores
   * default-action signals, so it lives until SIGKILL at the end of the grace period.
   */
  handlesTerm: boolean;
  /** The name `ps` shows. */
  processName: string;
  /** Baseline resident memory. */
  memoryBytes: number;
}

/** Binaries present in every simulated image (busybox applets and the servers we model). */
export const KNOWN_BINARIES = new Set([
  'sh',
  'ash',
  'bash',
  'sleep',
  'echo',
  'true',
  'false',
  'cat',
  'env',
  'hostname',
  'ls',
  'ps',
  'date',
  'nginx',
  'httpd',
  'httpd-foreground',
  'redis-server',
  'pause',
  'agnhost',
  'stress',
  'printenv',
  'wget',
  'yes',
  'tail',
  'top',
]);

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

const MI = 1024 * 1024;

/** Parses "64M", "1G", "512k", "100" (bytes) as stress does. */
export function parseBytes(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([bkmgBKMG]?)i?[bB]?$/.exec(s);
  if (!m) return 0;
  const mult = { '': 1, b: 1, k: 1024, m: MI, g: 1024 * MI }[m[2]!.toLowerCase()] ?? 1;
  return Math.round(Number(m[1]) * mult);
}

/** Splits a shell word list, honouring single and double quotes (no escapes, no expansion). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  const re = /'([^']*)'|"([^"]*)"|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) words.push(m[1] ?? m[2] ?? m[3]!);
  return words;
}

/** Splits a script into commands on `;`, `&&`, `||` and newlines, outside quotes. */
function splitCommands(script: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote = '';
  for (let i = 0; i < script.length; i++) {
    const ch = script[i]!;
    if (quote) {
      if (ch === quote) quote = '';
      cur += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      cur += ch;
    } else if (ch === ';' || ch === '\n' || (ch === '&' && script[i + 1] === '&')) {
      if (ch === '&') i++;
      out.push(cur.trim());
      cur = '';
    } else if (ch === '|' && script[i + 1] === '|') {
      i++;
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out.filter(Boolean);
}

function sleepMs(arg: string | undefined): number | 'forever' {
  if (arg === undefined || arg === 'infinity' || arg === 'inf') return 'forever';
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(arg);
  if (!m) return 0;
  const unit = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2]!] ?? 1000;
  return Math.round(Number(m[1]) * unit);
}

function portFlag(argv: string[], flag: string, def: number): number {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === flag) return Number(argv[i + 1]) || def;
    if (a.startsWith(flag + '=')) return Number(a.slice(flag.length + 1)) || def;
    if (flag === '-p' && /^-p\d+$/.test(a)) return Number(a.slice(2));
  }
  return def;
}

/** Steps for one simple command (not a shell); undefined when it is not a program we model. */
function commandSteps(argv: string[]): Step[] | undefined {
  const prog = baseName(argv[0] ?? '');
  const args = argv.slice(1);
  switch (prog) {
    case 'sleep': {
      const ms = sleepMs(args[0]);
      return ms === 'forever' ? [{ kind: 'forever' }] : [{ kind: 'sleep', ms }];
    }
    case 'echo':
      return [{ kind: 'log', text: args.join(' ') }];
    case 'true':
    case 'date':
    case 'hostname':
    case 'env':
    case 'printenv':
    case 'ls':
    case 'cat':
      return [];
    case 'false':
      return [{ kind: 'exit', code: 1 }];
    case 'exit':
      return [{ kind: 'exit', code: Number(args[0] ?? 0) || 0 }];
    case 'nginx':
      return [
        { kind: 'log', text: '/docker-entrypoint.sh: Configuration complete; ready for start up' },
        { kind: 'log', text: 'nginx: start worker processes', stream: 'stderr' },
        { kind: 'listen', ports: [80], http: true },
      ];
    case 'httpd':
    case 'httpd-foreground':
      return [
        { kind: 'log', text: `httpd: listening on :${portFlag(args, '-p', 80)}` },
        { kind: 'listen', ports: [portFlag(args, '-p', 80)], http: true },
      ];
    case 'redis-server':
      return [
        { kind: 'log', text: 'Ready to accept connections tcp' },
        { kind: 'listen', ports: [portFlag(args, '--port', 6379)], http: false },
      ];
    case 'pause':
      return [{ kind: 'forever' }];
    case 'agnhost':
      if (args[0] === 'netexec')
        return [{ kind: 'listen', ports: [portFlag(args, '--http-port', 8080)], http: true }];
      if (args[0] === 'serve-hostname')
        return [{ kind: 'listen', ports: [portFlag(args, '--port', 9376)], http: true }];
      return [{ kind: 'forever' }];
    case 'stress': {
      const i = args.findIndex((a) => a === '--vm-bytes');
      const bytes = i >= 0 ? parseBytes(args[i + 1] ?? '') : 256 * MI;
      return [{ kind: 'alloc', bytes }, { kind: 'forever' }];
    }
    case 'yes':
      return [{ kind: 'log', text: args[0] ?? 'y' }];
    case 'tail':
    case 'top':
      return [{ kind: 'forever' }];
    default:
      return undefined;
  }
}

/** Parses a `sh -c` script: sequences, `while true; do …; done` loops and `trap … TERM`. */
function scriptProgram(script: string): { steps: Step[]; loop?: Step[]; handlesTerm: boolean } {
  const cmds = splitCommands(script);
  const steps: Step[] = [];
  let handlesTerm = false;
  for (let i = 0; i < cmds.length; i++) {
    const words = shellWords(cmds[i]!);
    if (words[0] === 'trap' && cmds[i]!.includes('TERM')) {
      handlesTerm = true;
      continue;
    }
    if (words[0] === 'while' && (words[1] === 'true' || words[1] === ':')) {
      const body: Step[] = [];
      let j = i + 1;
      for (; j < cmds.length && cmds[j] !== 'done'; j++) {
        const w = shellWords(cmds[j]!.replace(/^do\s+/, ''));
        if (w.length) body.push(...(commandSteps(w) ?? []));
      }
      if (!body.some((s) => s.kind === 'sleep' || s.kind === 'forever'))
        body.push({ kind: 'sleep', ms: 1000 });
      return { steps, loop: body, handlesTerm };
    }
    const s = commandSteps(words);
    if (s) steps.push(...s);
    else steps.push({ kind: 'log', text: `sh: ${words[0]}: not found`, stream: 'stderr' });
  }
  return { steps, handlesTerm };
}

/** The program for a container's effective argv (entrypoint/command + cmd/args). */
export function programFor(argv: string[], opts: { tty?: boolean; stdin?: boolean } = {}): Program {
  const prog = baseName(argv[0] ?? '');
  const shell = prog === 'sh' || prog === 'ash' || prog === 'bash';
  const base = { processName: argv.join(' '), memoryBytes: 4 * MI };
  if (shell && argv[1] === '-c') {
    const s = scriptProgram(argv[2] ?? '');
    return { ...base, ...s };
  }
  if (shell) {
    // No script: an interactive shell waits on its terminal; without one it reads EOF and exits.
    return {
      ...base,
      steps: opts.tty || opts.stdin ? [{ kind: 'forever' }] : [],
      handlesTerm: false,
    };
  }
  const steps = commandSteps(argv) ?? [];
  const server = steps.some((s) => s.kind === 'listen');
  return {
    ...base,
    steps,
    handlesTerm: server || prog === 'pause' || prog === 'agnhost' || prog === 'stress',
    memoryBytes: server ? 16 * MI : base.memoryBytes,
  };
}
