/**
 * The objects the benchmarks write. Small, realistic shapes: a ConfigMap with a few hundred bytes
 * of data (the common controller write) and a one-container Pod (what a 10k-pod list returns).
 */
export const nsPath = (ns: string, resource: string) => `/api/v1/namespaces/${ns}/${resource}`;

export function namespace(name: string) {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

export function configMap(name: string) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, labels: { app: 'bench' } },
    data: { 'config.yaml': 'x'.repeat(256) },
  };
}

export function pod(name: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'bench', shard: String(name.length % 10) } },
    spec: {
      containers: [
        {
          name: 'web',
          image: 'kubelab/web:1',
          ports: [{ containerPort: 8080 }],
          resources: { requests: { cpu: '10m', memory: '16Mi' } },
        },
      ],
    },
  };
}

/** Creates a namespace, tolerating one left over from an earlier step. */
export async function ensureNamespace(
  client: { expect(m: string, p: string, b: unknown, ok: number[]): Promise<unknown> },
  name: string,
): Promise<void> {
  await client.expect('POST', '/api/v1/namespaces', namespace(name), [201, 409]);
}
