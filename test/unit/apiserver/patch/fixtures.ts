/** Live objects as the API server holds them after `kubectl apply` (reference/kubectl-wire.md §7). */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
export const DEPLOYMENT = { group: 'apps', kind: 'Deployment' };
export const POD = { group: '', kind: 'Pod' };
export const NODE = { group: '', kind: 'Node' };

export function liveDeployment() {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'default',
      generation: 1,
      labels: { app: 'web' },
      annotations: { [LAST_APPLIED]: '{"old":true}\n', 'deployment.kubernetes.io/revision': '1' },
    },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1.19',
              env: [
                { name: 'MODE', value: 'blue' },
                { name: 'LOG_LEVEL', value: 'info' },
              ],
              ports: [{ containerPort: 80, protocol: 'TCP' }],
              args: ['--a', '--b'],
            },
          ],
          tolerations: [{ key: 'k1', operator: 'Exists' }],
          volumes: [{ name: 'data', emptyDir: {} }],
        },
      },
    },
    status: {
      observedGeneration: 1,
      replicas: 3,
      conditions: [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
      ],
    },
  };
}

export type Deploy = ReturnType<typeof liveDeployment>;
