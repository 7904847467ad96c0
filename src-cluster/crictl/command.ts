/** The shape of one crictl subcommand (commands/*.ts), which index.ts dispatches to. */
import type { OptSpec, ParsedArgs } from './args';
import type { CommandContext } from './context';

export interface Subcommand {
  name: string;
  aliases?: string[];
  summary: string;
  /** The positional words, for help ("CONTAINER-ID [CONTAINER-ID...]"). */
  argsUsage?: string;
  opts: OptSpec[];
  /** Flags end at the first positional word (exec: the rest is the command). */
  stopAtPositional?: boolean;
  /** Runs once the runtime answered (index.ts checks the connection first); the exit code. */
  run(ctx: CommandContext, args: ParsedArgs): Promise<number>;
}

/** The --output flag of list commands. */
export const OUTPUT_OPT: OptSpec = {
  name: 'output',
  short: 'o',
  kind: 'string',
  help: 'output format, one of: json|yaml|table',
  default: 'table',
};
