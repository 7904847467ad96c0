/**
 * Reads a kubeconfig (the file kubectl uses) and resolves one context into HttpTransportOptions.
 * Supported: current-context or a named context; cluster server, certificate-authority(-data),
 * insecure-skip-tls-verify, tls-server-name; user token / tokenFile, client-certificate(-data),
 * client-key(-data). Relative file paths resolve against the kubeconfig's directory, as kubectl does.
 * Not supported (clear error instead): exec and auth-provider plugins, username/password.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { HttpTransportOptions } from './http-transport';

/** A resolved context: how to connect, plus the context's default namespace. */
export interface ResolvedKubeconfig {
  contextName: string;
  transport: HttpTransportOptions;
  /** The context's namespace, "default" when unset. */
  namespace: string;
}

/** Raised for a kubeconfig that cannot be used; the message names the missing piece. */
export class KubeconfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeconfigError';
  }
}

interface Named<T> {
  name: string;
  [k: string]: unknown;
  value?: T;
}

/** Loads and resolves a kubeconfig file. */
export function loadKubeconfigFile(file: string, context?: string): ResolvedKubeconfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new KubeconfigError(`cannot read kubeconfig ${file}: ${(err as Error).message}`);
  }
  return resolveKubeconfig(text, { context, baseDir: path.dirname(path.resolve(file)) });
}

/**
 * Resolves kubeconfig text. `context` overrides current-context; `baseDir` anchors relative
 * certificate/token paths (defaults to the working directory).
 */
export function resolveKubeconfig(
  text: string,
  opts: { context?: string; baseDir?: string } = {},
): ResolvedKubeconfig {
  let doc: Record<string, unknown>;
  try {
    doc = (parse(text) ?? {}) as Record<string, unknown>;
  } catch (err) {
    throw new KubeconfigError(`kubeconfig is not valid YAML: ${(err as Error).message}`);
  }
  const baseDir = opts.baseDir ?? process.cwd();
  const contextName = opts.context ?? str(doc['current-context']);
  if (!contextName) throw new KubeconfigError('kubeconfig has no current-context');
  const ctx = pick(doc.contexts, 'context', contextName, 'context');
  const clusterName = str(ctx.cluster);
  if (!clusterName) throw new KubeconfigError(`context "${contextName}" names no cluster`);
  const cluster = pick(doc.clusters, 'cluster', clusterName, 'cluster');
  const userName = str(ctx.user);
  const user = userName ? pick(doc.users, 'user', userName, 'user') : {};

  const server = str(cluster.server);
  if (!server) throw new KubeconfigError(`cluster "${clusterName}" has no server`);
  if (user.exec || user['auth-provider']) {
    throw new KubeconfigError(
      `user "${userName}": exec and auth-provider plugins are not supported`,
    );
  }
  if (user.username || user.password) {
    throw new KubeconfigError(`user "${userName}": basic authentication is not supported`);
  }

  const transport: HttpTransportOptions = { server };
  const ca = pem(cluster, 'certificate-authority', baseDir);
  if (ca) transport.ca = ca;
  if (cluster['insecure-skip-tls-verify'] === true) transport.insecureSkipTLSVerify = true;
  const sni = str(cluster['tls-server-name']);
  if (sni) transport.tlsServerName = sni;
  const cert = pem(user, 'client-certificate', baseDir);
  const key = pem(user, 'client-key', baseDir);
  if (!!cert !== !!key) {
    throw new KubeconfigError(`user "${userName}": client certificate and key must both be given`);
  }
  if (cert && key) Object.assign(transport, { cert, key });
  const token = str(user.token) ?? readToken(user, baseDir);
  if (token) transport.token = token;

  return { contextName, transport, namespace: str(ctx.namespace) || 'default' };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Finds `name` in a kubeconfig list of {name, <field>: {...}}. */
function pick(list: unknown, what: string, name: string, field: string): Record<string, unknown> {
  const entry = Array.isArray(list)
    ? (list as Named<unknown>[]).find((e) => e && e.name === name)
    : undefined;
  if (!entry) throw new KubeconfigError(`kubeconfig has no ${what} named "${name}"`);
  const v = entry[field];
  return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
}

/** Inline "<field>-data" (base64 PEM) wins over the "<field>" file path, as in kubectl. */
function pem(section: Record<string, unknown>, field: string, baseDir: string): string | undefined {
  const data = str(section[`${field}-data`]);
  if (data) return Buffer.from(data, 'base64').toString('utf8');
  const file = str(section[field]);
  if (!file) return undefined;
  return readRelative(file, baseDir, field);
}

function readToken(user: Record<string, unknown>, baseDir: string): string | undefined {
  const file = str(user.tokenFile);
  return file ? readRelative(file, baseDir, 'tokenFile').trim() : undefined;
}

function readRelative(file: string, baseDir: string, field: string): string {
  const full = path.isAbsolute(file) ? file : path.join(baseDir, file);
  try {
    return readFileSync(full, 'utf8');
  } catch (err) {
    throw new KubeconfigError(`cannot read ${field} ${full}: ${(err as Error).message}`);
  }
}
