/**
 * `kubelab apiserver`: runs the API server alone on a SQLite or etcd store, with HTTPS (a generated
 * self-signed CA) and an optional plain-HTTP port on loopback. Writes an admin kubeconfig.
 */
import { join, resolve } from 'node:path';
import { ApiServer } from '../apiserver/server';
import { ensurePki } from '../admin/pki';
import { kubeconfigYaml, writeKubeconfig } from '../admin/kubeconfig';
import { flagsHelp, parseFlags, portFlag, type FlagSpec } from './flags';
import { openStore } from './open-store';
import { startControllers } from './in-process-controllers';
import { loadTokenFile } from '../apiserver/authn/token-file';

const SPECS: FlagSpec[] = [
  {
    name: 'store',
    help: 'sqlite:<file> | etcd:<url,url,…> | memory:',
    default: 'sqlite:.kubelab/apiserver/state.db',
  },
  { name: 'secure-port', help: 'HTTPS port (0 picks a free one)', default: '6443' },
  { name: 'insecure-port', help: 'plain HTTP port, loopback only (off unless given)' },
  { name: 'bind-address', help: 'address for the HTTPS port', default: '127.0.0.1' },
  {
    name: 'data-dir',
    help: 'where the PKI and kubeconfig are kept',
    default: '.kubelab/apiserver',
  },
  {
    name: 'token-auth-file',
    help: 'CSV of bearer tokens: token,user,uid,"group1,group2"',
  },
  {
    name: 'controllers',
    help: 'controllers to run in-process, comma-separated ("" for none)',
    default: 'namespace',
  },
  { name: 'help', help: 'show this help', boolean: true },
];

export async function runApiserver(args: string[]): Promise<number> {
  const summary = 'Runs the kubelab Kubernetes API server on its own.';
  const flags = parseFlags(args, SPECS);
  if (flags.help) {
    console.log(flagsHelp('apiserver', summary, SPECS));
    return 0;
  }
  const dataDir = resolve(String(flags['data-dir']));
  const bind = String(flags['bind-address']);
  const securePort = portFlag(flags['secure-port'], 'secure-port');
  const insecurePort = portFlag(flags['insecure-port'], 'insecure-port');
  const store = await openStore(String(flags.store));
  const pki = ensurePki(join(dataDir, 'pki'), [bind]);
  const tokenFile = flags['token-auth-file'];
  const server = new ApiServer({
    store,
    ...(typeof tokenFile === 'string' && tokenFile ? { tokens: loadTokenFile(tokenFile) } : {}),
  });
  await server.bootstrap();
  const ports = await server.listen({
    ...(securePort !== undefined
      ? {
          securePort,
          secureHost: bind,
          tls: { key: pki.serverKey, cert: pki.serverCert, ca: pki.caCert },
        }
      : {}),
    ...(insecurePort !== undefined ? { insecurePort } : {}),
  });
  if (ports.securePort !== undefined) {
    await server.advertise(bind === '0.0.0.0' ? '127.0.0.1' : bind, ports.securePort);
  }
  const host = bind === '0.0.0.0' ? '127.0.0.1' : bind;
  const lines = [`kubelab apiserver: store ${store.name} (${String(flags.store)})`];
  if (ports.securePort !== undefined) {
    const kubeconfig = join(dataDir, 'kubeconfig');
    writeKubeconfig(
      kubeconfig,
      kubeconfigYaml({
        server: `https://${host}:${ports.securePort}`,
        caCert: pki.caCert,
        user: { clientCert: pki.adminCert, clientKey: pki.adminKey },
      }),
    );
    lines.push(`  https://${host}:${ports.securePort}  (kubeconfig: ${kubeconfig})`);
    lines.push(`  try: kubectl --kubeconfig ${kubeconfig} get namespaces`);
  }
  if (ports.insecurePort !== undefined) {
    lines.push(`  http://127.0.0.1:${ports.insecurePort}  (no authentication, loopback only)`);
    lines.push(`  try: kubectl --server http://127.0.0.1:${ports.insecurePort} get namespaces`);
  }
  const controllerNames = String(flags.controllers).split(',').filter(Boolean);
  let controllers: { stop(): Promise<void> } | undefined;
  if (controllerNames.length > 0) {
    if (ports.securePort === undefined) {
      throw new Error(
        '--controllers need the secure port (they authenticate with the admin certificate)',
      );
    }
    controllers = startControllers(controllerNames, {
      server: `https://${host}:${ports.securePort}`,
      ca: pki.caCert,
      cert: pki.adminCert,
      key: pki.adminKey,
    });
    lines.push(`  controllers: ${controllerNames.join(', ')}`);
  }
  console.log(lines.join('\n'));
  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await controllers?.stop();
  await server.close();
  await store.close();
  return 0;
}
