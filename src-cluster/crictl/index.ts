/**
 * `kubelab crictl`: crictl's commands for a kubelab node, over the kubelet's own CRI client
 * (ContainerdRuntime). Debian ships no cri-tools, so this is what a user types on a node to see the
 * pods and containers the kubelet asked containerd for. Global flags come before the subcommand:
 * `kubelab crictl [-r unix:///run/containerd/containerd.sock] [-t 2s] <command> [flags] [args]`.
 */
import { UsageError, optsHelp, parseArgs, parseDuration, type OptSpec } from './args';
import { CrictlClient } from './client';
import type { Subcommand } from './command';
import { processIO, type CrictlIO } from './context';
import { resolveEndpoint } from './endpoint';
import { exec } from './commands/exec';
import { images } from './commands/images';
import { inspect, inspecti, inspectp } from './commands/inspect';
import { pull, rmi } from './commands/image-ops';
import { rm, rmp, stop, stopp } from './commands/lifecycle';
import { logs } from './commands/logs';
import { pods } from './commands/pods';
import { ps } from './commands/ps';
import { info, version } from './commands/runtime-info';
import { stats } from './commands/stats';

export const SUBCOMMANDS: Subcommand[] = [
  ps,
  pods,
  images,
  inspect,
  inspectp,
  inspecti,
  logs,
  exec,
  stats,
  info,
  version,
  stop,
  rm,
  stopp,
  rmp,
  pull,
  rmi,
];

const DEFAULT_TIMEOUT_MS = 2000;

const GLOBAL_OPTS: OptSpec[] = [
  {
    name: 'runtime-endpoint',
    short: 'r',
    kind: 'string',
    help: 'CRI endpoint (env CONTAINER_RUNTIME_ENDPOINT; default unix:///run/containerd/containerd.sock)',
  },
  {
    name: 'image-endpoint',
    short: 'i',
    kind: 'string',
    help: 'image service endpoint (containerd serves both on one socket: must match when given)',
  },
  {
    name: 'timeout',
    short: 't',
    kind: 'string',
    help: 'timeout of each call to the runtime (e.g. 2s, 20s; 0 or less is the default)',
    default: '2s',
  },
  { name: 'debug', short: 'D', kind: 'bool', help: 'accepted for compatibility (no effect)' },
  { name: 'help', short: 'h', kind: 'bool', help: 'show this help' },
];

const HELP_OPT: OptSpec = { name: 'help', short: 'h', kind: 'bool', help: 'show this help' };

function usage(): string {
  const cmds = SUBCOMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n');
  return (
    `Usage: kubelab crictl [global flags] <command> [flags] [args]\n\n` +
    `crictl's commands against the node's container runtime (the CRI on containerd's socket).\n\n` +
    `Commands:\n${cmds}\n\nGlobal flags:\n${optsHelp(GLOBAL_OPTS)}\n\n` +
    `Run "kubelab crictl <command> --help" for a command's flags.\n`
  );
}

function commandHelp(c: Subcommand): string {
  const argsUsage = c.argsUsage ? ` ${c.argsUsage}` : '';
  return (
    `Usage: kubelab crictl ${c.name} [flags]${argsUsage}\n\n${c.summary}\n` +
    (c.aliases?.length ? `Aliases: ${c.aliases.join(', ')}\n` : '') +
    `\nFlags:\n${optsHelp([...c.opts, HELP_OPT])}\n`
  );
}

export function findSubcommand(name: string): Subcommand | undefined {
  return SUBCOMMANDS.find((c) => c.name === name || c.aliases?.includes(name));
}

export async function runCrictl(args: string[], io: CrictlIO = processIO()): Promise<number> {
  const g = parseArgs(args, GLOBAL_OPTS, { stopAtPositional: true });
  const [name, ...rest] = g.positional;
  if (!name || g.bool('help') || name === 'help') {
    io.out(usage());
    return name || g.bool('help') ? 0 : 2;
  }
  const cmd = findSubcommand(name);
  if (!cmd)
    throw new UsageError(
      `unknown command "${name}" (commands: ${SUBCOMMANDS.map((c) => c.name).join(', ')})`,
    );
  const a = parseArgs(rest, [...cmd.opts, HELP_OPT], { stopAtPositional: cmd.stopAtPositional });
  if (a.bool('help')) {
    io.out(commandHelp(cmd));
    return 0;
  }

  const { endpoint } = resolveEndpoint({ flag: g.string('runtime-endpoint'), env: io.env });
  const imageEndpoint = g.string('image-endpoint') || io.env.IMAGE_SERVICE_ENDPOINT;
  if (imageEndpoint && resolveEndpoint({ flag: imageEndpoint, env: {} }).endpoint !== endpoint)
    throw new UsageError(
      `a separate image endpoint is not supported (containerd serves images on ${endpoint})`,
    );
  const t = parseDuration(g.string('timeout'));
  const client = new CrictlClient(endpoint, t > 0 ? t : DEFAULT_TIMEOUT_MS);
  try {
    await client.validate();
    return await cmd.run({ client, io }, a);
  } finally {
    client.close();
  }
}
