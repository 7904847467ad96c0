/**
 * Which runtime crictl talks to, and a readable error when it cannot: --runtime-endpoint/-r, else
 * $CONTAINER_RUNTIME_ENDPOINT, else `runtime-endpoint:` in crictl's config file
 * ($CRI_CONFIG_FILE or /etc/crictl.yaml), else the node's containerd socket. Only unix sockets
 * exist on a kubelab node; a bare path is taken as one.
 *
 * Before the first call the socket is probed with a plain connect, so a stopped containerd reads
 * "connect: no such file or directory" (as crictl's dial error does) instead of a gRPC deadline.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { parse } from 'yaml';

export const DEFAULT_RUNTIME_ENDPOINT = 'unix:///run/containerd/containerd.sock';
export const DEFAULT_CONFIG_FILE = '/etc/crictl.yaml';

export interface EndpointSources {
  flag?: string;
  env: Record<string, string | undefined>;
}

/** The endpoint as a unix:// address, and where it came from (for error messages). */
export function resolveEndpoint(src: EndpointSources): { endpoint: string; from: string } {
  const fromConfig = configEndpoint(src.env.CRI_CONFIG_FILE || DEFAULT_CONFIG_FILE);
  const [raw, from] = src.flag
    ? [src.flag, '--runtime-endpoint']
    : src.env.CONTAINER_RUNTIME_ENDPOINT
      ? [src.env.CONTAINER_RUNTIME_ENDPOINT, 'CONTAINER_RUNTIME_ENDPOINT']
      : fromConfig
        ? [fromConfig.endpoint, fromConfig.file]
        : [DEFAULT_RUNTIME_ENDPOINT, 'the default'];
  return { endpoint: normalizeEndpoint(raw), from };
}

export function normalizeEndpoint(raw: string): string {
  if (raw.startsWith('unix://')) {
    if (!raw.slice('unix://'.length).startsWith('/'))
      throw new Error(`runtime endpoint "${raw}" must be an absolute unix:///path`);
    return raw;
  }
  if (raw.startsWith('/')) return `unix://${raw}`;
  const scheme = /^([a-z]+):\/\//.exec(raw)?.[1];
  throw new Error(
    scheme
      ? `runtime endpoint "${raw}": only unix:// endpoints are supported (got ${scheme}://)`
      : `runtime endpoint "${raw}" is not a unix:///path`,
  );
}

export const socketPath = (endpoint: string): string => endpoint.slice('unix://'.length);

function configEndpoint(file: string): { endpoint: string; file: string } | undefined {
  if (!existsSync(file)) return undefined;
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`reading ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const ep = (doc as Record<string, unknown> | null)?.['runtime-endpoint'];
  return typeof ep === 'string' && ep ? { endpoint: ep, file } : undefined;
}

/** Go's wording for the errno of a failed unix connect. */
const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ECONNREFUSED: 'connection refused',
  EACCES: 'permission denied',
  ENOTSOCK: 'socket operation on non-socket',
  ENOTDIR: 'not a directory',
};

/**
 * Connects once to the socket and hangs up; rejects with crictl's "validate service connection"
 * error naming the socket and the reason.
 */
export function probeSocket(endpoint: string, timeoutMs: number): Promise<void> {
  const path = socketPath(endpoint);
  return new Promise((resolve, reject) => {
    const sock = createConnection({ path });
    const fail = (reason: string) => {
      sock.destroy();
      reject(
        new Error(
          `validate service connection: validate CRI v1 runtime API for endpoint "${endpoint}": ` +
            `dial unix ${path}: ${reason} (is containerd running? choose another socket with ` +
            `--runtime-endpoint or CONTAINER_RUNTIME_ENDPOINT)`,
        ),
      );
    };
    const timer = setTimeout(() => fail('connect: timed out'), timeoutMs);
    sock.once('connect', () => {
      clearTimeout(timer);
      sock.destroy();
      resolve();
    });
    sock.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      fail(`connect: ${ERRNO_TEXT[e.code ?? ''] ?? e.message}`);
    });
  });
}
