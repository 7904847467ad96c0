/** Writes kubeconfig files that real kubectl and @kubernetes/client-node accept. */
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

const b64 = (s: string) => Buffer.from(s).toString('base64');

export interface KubeconfigUser {
  clientCert?: string;
  clientKey?: string;
  token?: string;
}

export function kubeconfigYaml(opts: {
  server: string;
  caCert?: string;
  user: KubeconfigUser;
  clusterName?: string;
  userName?: string;
  namespace?: string;
}): string {
  const cluster = opts.clusterName ?? 'kubelab';
  const user = opts.userName ?? 'kubelab-admin';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: cluster,
        cluster: {
          server: opts.server,
          ...(opts.caCert ? { 'certificate-authority-data': b64(opts.caCert) } : {}),
        },
      },
    ],
    users: [
      {
        name: user,
        user: {
          ...(opts.user.clientCert ? { 'client-certificate-data': b64(opts.user.clientCert) } : {}),
          ...(opts.user.clientKey ? { 'client-key-data': b64(opts.user.clientKey) } : {}),
          ...(opts.user.token ? { token: opts.user.token } : {}),
        },
      },
    ],
    contexts: [
      {
        name: cluster,
        context: { cluster, user, namespace: opts.namespace ?? 'default' },
      },
    ],
    'current-context': cluster,
    preferences: {},
  });
}

export function writeKubeconfig(path: string, yaml: string): void {
  writeFileSync(path, yaml, { mode: 0o600 });
}
