/**
 * A tiny writer for `iptables-restore` input: one table section holds chain declarations
 * (`:NAME - [0:0]`) followed by rules and ends with COMMIT. Under `--noflush`, declaring a chain
 * creates it or empties it, and chains that are not declared are left alone: that is what lets
 * kube-proxy rewrite every KUBE-* chain atomically without touching anyone else's rules.
 */
export class TableWriter {
  private readonly chains: string[] = [];
  private readonly declared = new Set<string>();
  private readonly rules: string[] = [];
  private readonly deletes: string[] = [];

  constructor(readonly table: 'nat' | 'filter' | 'mangle') {}

  /** Declares (creates or flushes) a chain; declaring twice is harmless. */
  chain(name: string): this {
    if (!this.declared.has(name)) {
      this.declared.add(name);
      this.chains.push(name);
    }
    return this;
  }

  /** Appends `-A chain ...words`; words are already quoted where they contain spaces. */
  rule(chain: string, ...words: string[]): this {
    this.rules.push(['-A', chain, ...words].join(' '));
    return this;
  }

  /** Deletes a chain at the end of the transaction (it is declared, hence emptied, first). */
  deleteChain(name: string): this {
    this.chain(name);
    this.deletes.push(`-X ${name}`);
    return this;
  }

  has(name: string): boolean {
    return this.declared.has(name);
  }

  toString(): string {
    return [
      `*${this.table}`,
      ...this.chains.map((c) => `:${c} - [0:0]`),
      ...this.rules,
      ...this.deletes,
      'COMMIT',
      '',
    ].join('\n');
  }
}

/** `--comment` argument: upstream quotes comments that contain spaces and leaves others bare. */
export function comment(text: string): string[] {
  return ['-m', 'comment', '--comment', /\s/.test(text) ? `"${text}"` : text];
}

/** Chain names of one table in `iptables-save` output (`:NAME POLICY [p:b]` lines). */
export function chainsInSave(saveOutput: string): string[] {
  const out: string[] = [];
  for (const line of saveOutput.split('\n')) {
    const m = /^:(\S+) /.exec(line);
    if (m) out.push(m[1]!);
  }
  return out;
}
