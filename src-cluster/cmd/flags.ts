/**
 * A small flag parser for kubelab's commands: `--name value`, `--name=value`, boolean `--name`.
 * Unknown flags are errors with the list of known ones, so a typo never passes silently.
 */
export interface FlagSpec {
  name: string;
  help: string;
  boolean?: boolean;
  default?: string;
}

export class FlagError extends Error {}

export function parseFlags(args: string[], specs: FlagSpec[]): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const s of specs) if (s.default !== undefined) out[s.name] = s.default;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) throw new FlagError(`unexpected argument "${a}"`);
    const eq = a.indexOf('=');
    const name = a.slice(2, eq === -1 ? undefined : eq);
    const spec = specs.find((s) => s.name === name);
    if (!spec) {
      throw new FlagError(
        `unknown flag --${name} (known: ${specs.map((s) => `--${s.name}`).join(', ')})`,
      );
    }
    if (spec.boolean) {
      out[name] = eq === -1 ? true : a.slice(eq + 1) !== 'false';
      continue;
    }
    const value = eq !== -1 ? a.slice(eq + 1) : args[++i];
    if (value === undefined) throw new FlagError(`flag --${name} needs a value`);
    out[name] = value;
  }
  return out;
}

export function flagsHelp(command: string, summary: string, specs: FlagSpec[]): string {
  const rows = specs.map(
    (s) =>
      `  --${s.name}${s.boolean ? '' : ' <value>'}`.padEnd(34) +
      s.help +
      (s.default !== undefined && s.default !== '' ? ` (default ${s.default})` : ''),
  );
  return `Usage: kubelab ${command} [flags]\n\n${summary}\n\nFlags:\n${rows.join('\n')}`;
}

export function portFlag(value: string | boolean | undefined, name: string): number | undefined {
  if (value === undefined || value === '' || typeof value === 'boolean') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new FlagError(`--${name} must be a port number 0-65535, got "${value}"`);
  }
  return n;
}
