/**
 * crictl's argument conventions, which kubelab's shared parser (cmd/flags.ts: long flags only)
 * does not cover: short aliases (`-a`, `-q`, `-o json`), combined short booleans (`-aq`, as
 * urfave/cli's UseShortOptionHandling allows), `--flag=value`, repeated flags (`--label a=b
 * --label c=d`), and commands whose trailing words are not flags (`exec <id> ls -l`), where parsing
 * stops at the first positional word. Unknown flags are errors naming the known ones.
 */

export type OptKind = 'bool' | 'string' | 'int' | 'list';

export interface OptSpec {
  name: string;
  short?: string;
  kind: OptKind;
  help: string;
  /** Shown in help; also the value when the flag is absent (string and int kinds). */
  default?: string;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface ParsedArgs {
  positional: string[];
  /** Which flags appeared on the command line (by long name). */
  set: Set<string>;
  bool(name: string): boolean;
  string(name: string): string;
  int(name: string): number;
  list(name: string): string[];
}

export interface ParseOptions {
  /** Stop at the first positional word: the rest are positional (exec's command). */
  stopAtPositional?: boolean;
}

export function parseArgs(args: string[], specs: OptSpec[], opts: ParseOptions = {}): ParsedArgs {
  const values = new Map<string, string | boolean | string[]>();
  const set = new Set<string>();
  const positional: string[] = [];
  const byLong = (n: string) => specs.find((s) => s.name === n);
  const byShort = (n: string) => specs.find((s) => s.short === n);
  const known = () => specs.map((s) => (s.short ? `-${s.short}/--${s.name}` : `--${s.name}`));

  const assign = (spec: OptSpec, value: string | boolean) => {
    set.add(spec.name);
    if (spec.kind === 'list') {
      const prev = (values.get(spec.name) as string[] | undefined) ?? [];
      values.set(spec.name, [...prev, String(value)]);
    } else {
      values.set(spec.name, value);
    }
  };

  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq === -1 ? undefined : eq);
      const spec = byLong(name);
      if (!spec) throw new UsageError(`unknown flag --${name} (known: ${known().join(', ')})`);
      if (spec.kind === 'bool') {
        assign(spec, eq === -1 ? true : parseBool(a.slice(eq + 1), name));
        continue;
      }
      const value = eq !== -1 ? a.slice(eq + 1) : args[++i];
      if (value === undefined) throw new UsageError(`flag --${name} needs a value`);
      assign(spec, value);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      // A cluster of short flags: booleans may be combined; a flag taking a value takes the rest
      // of the cluster (`-ojson`) or the next word (`-o json`).
      for (let j = 1; j < a.length; j++) {
        const spec = byShort(a[j]!);
        if (!spec) throw new UsageError(`unknown flag -${a[j]} (known: ${known().join(', ')})`);
        if (spec.kind === 'bool') {
          assign(spec, true);
          continue;
        }
        const rest = a.slice(j + 1).replace(/^=/, '');
        const value = rest !== '' ? rest : args[++i];
        if (value === undefined) throw new UsageError(`flag -${spec.short} needs a value`);
        assign(spec, value);
        break;
      }
      continue;
    }
    positional.push(a);
    if (opts.stopAtPositional) {
      positional.push(...args.slice(i + 1));
      break;
    }
  }

  const spec = (name: string): OptSpec => {
    const s = byLong(name);
    if (!s) throw new Error(`internal: no flag --${name} declared`);
    return s;
  };
  return {
    positional,
    set,
    bool: (name) => {
      spec(name);
      return values.get(name) === true;
    },
    string: (name) => {
      const s = spec(name);
      return (values.get(name) as string | undefined) ?? s.default ?? '';
    },
    int: (name) => {
      const s = spec(name);
      const raw = (values.get(name) as string | undefined) ?? s.default ?? '0';
      const n = Number(raw);
      if (!Number.isInteger(n)) throw new UsageError(`--${name} must be an integer, got "${raw}"`);
      return n;
    },
    list: (name) => {
      spec(name);
      return (values.get(name) as string[] | undefined) ?? [];
    },
  };
}

function parseBool(v: string, name: string): boolean {
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new UsageError(`--${name} takes true or false, got "${v}"`);
}

/** `key=value` labels as crictl's --label takes them (exactly one '=' each). */
export function parseLabels(items: string[]): Record<string, string> | undefined {
  if (!items.length) return undefined;
  const out: Record<string, string> = {};
  for (const s of items) {
    const pair = s.split('=');
    if (pair.length !== 2) throw new UsageError(`incorrectly specified label: ${s}`);
    out[pair[0]!] = pair[1]!;
  }
  return out;
}

/** A Go duration ("2s", "500ms", "1m30s") in milliseconds; a bare number means seconds. */
export function parseDuration(v: string): number {
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  const unitMs: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
  };
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let pos = 0;
  for (let m = re.exec(v); m; m = re.exec(v)) {
    total += Number(m[1]) * unitMs[m[2]!]!;
    pos = re.lastIndex;
  }
  if (pos !== v.length || v === '')
    throw new UsageError(`invalid duration "${v}" (e.g. 2s, 500ms)`);
  return total;
}

/** The flag table of a command's --help. */
export function optsHelp(specs: OptSpec[]): string {
  return specs
    .map((s) => {
      const names = (s.short ? `-${s.short}, ` : '    ') + `--${s.name}`;
      const arg = s.kind === 'bool' ? '' : s.kind === 'int' ? ' <n>' : ' <value>';
      const def = s.default !== undefined && s.default !== '' ? ` (default ${s.default})` : '';
      return `  ${(names + arg).padEnd(32)} ${s.help}${def}`;
    })
    .join('\n');
}
