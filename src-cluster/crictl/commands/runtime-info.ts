/**
 * `crictl version` (the runtime's Version: four "Key:  value" lines, two spaces as Go's Println
 * leaves them) and `crictl info` (Status with verbose info: the runtime and network conditions plus
 * containerd's config, CNI config and last CNI load status, as one sorted JSON/YAML document).
 */
import type { Subcommand } from '../command';
import type { StatusResponse, VersionResponse } from '../../kubelet/cri/runtime-service';
import { renderStatuses } from '../status-output';

export function versionText(v: VersionResponse): string {
  return (
    `Version:  ${v.version}\nRuntimeName:  ${v.runtimeName}\n` +
    `RuntimeVersion:  ${v.runtimeVersion}\nRuntimeApiVersion:  ${v.runtimeApiVersion}\n`
  );
}

export const version: Subcommand = {
  name: 'version',
  summary: 'Display runtime version information',
  opts: [],
  async run({ client, io }, a) {
    if (a.positional.length) throw new Error('version takes no arguments');
    io.out(versionText(await client.runtime.version({ version: 'v1' })));
    return 0;
  },
};

export function infoText(r: StatusResponse, format: 'json' | 'yaml'): string {
  const status = { conditions: r.status?.conditions ?? [] };
  return renderStatuses([{ status, info: r.info ?? {} }], format);
}

export const info: Subcommand = {
  name: 'info',
  summary: 'Display information of the container runtime',
  opts: [
    {
      name: 'output',
      short: 'o',
      kind: 'string',
      help: 'output format, one of: json|yaml',
      default: 'json',
    },
    { name: 'quiet', short: 'q', kind: 'bool', help: 'do not show verbose information' },
  ],
  async run({ client, io }, a) {
    if (a.positional.length) throw new Error('info takes no arguments');
    const format = a.string('output');
    if (format !== 'json' && format !== 'yaml')
      throw new Error(`unsupported format: "${format}" (one of: json, yaml)`);
    io.out(infoText(await client.runtime.status({ verbose: !a.bool('quiet') }), format));
    return 0;
  },
};
