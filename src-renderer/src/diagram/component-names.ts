/**
 * Component names as the diagram knows them. Trace events and health reports name components a
 * little differently ("kube-controller-manager", "kubelab/scheduler", "kubectl"); everything is
 * normalised to one name per box on the diagram.
 */
export type DiagramComponent =
  | 'user'
  | 'apiserver'
  | 'store'
  | 'scheduler'
  | 'controller-manager'
  | 'cloud-controller-manager'
  | 'kubelet'
  | 'kube-proxy'
  | 'runtime'
  | 'dns';

export const CONTROL_PLANE: readonly DiagramComponent[] = [
  'apiserver',
  'store',
  'scheduler',
  'controller-manager',
  'cloud-controller-manager',
  'dns',
];

export const NODE_COMPONENTS: readonly DiagramComponent[] = ['kubelet', 'kube-proxy', 'runtime'];

const ALIASES: Record<string, DiagramComponent> = {
  apiserver: 'apiserver',
  'kube-apiserver': 'apiserver',
  store: 'store',
  etcd: 'store',
  sqlite: 'store',
  scheduler: 'scheduler',
  'kube-scheduler': 'scheduler',
  'controller-manager': 'controller-manager',
  'kube-controller-manager': 'controller-manager',
  'cloud-controller-manager': 'cloud-controller-manager',
  'cloud-controller': 'cloud-controller-manager',
  kubelet: 'kubelet',
  'kube-proxy': 'kube-proxy',
  proxy: 'kube-proxy',
  runtime: 'runtime',
  containerd: 'runtime',
  cri: 'runtime',
  dns: 'dns',
  'cluster-dns': 'dns',
  coredns: 'dns',
  kubectl: 'user',
  client: 'user',
  'kubelab-ui': 'user',
};

/**
 * The diagram's name for a component, or undefined when the diagram has no box for it. ("kubelab"
 * alone is what the API server records when it only sees the User-Agent's product name: it names
 * no component, so it maps to nothing rather than to a guess.)
 */
export function normalizeComponent(name: string | undefined): DiagramComponent | undefined {
  if (!name) return undefined;
  const bare = name.startsWith('kubelab/') ? name.slice('kubelab/'.length) : name;
  return ALIASES[bare] ?? ALIASES[bare.toLowerCase()];
}

export const LABELS: Record<DiagramComponent, string> = {
  user: 'you (kubectl, UI)',
  apiserver: 'API server',
  store: 'store',
  scheduler: 'scheduler',
  'controller-manager': 'controller manager',
  'cloud-controller-manager': 'cloud controller',
  kubelet: 'kubelet',
  'kube-proxy': 'kube-proxy',
  runtime: 'container runtime',
  dns: 'cluster DNS',
};

/** One line on what each box does, for the details panel. */
export const ROLES: Record<DiagramComponent, string> = {
  user: 'Where requests start: kubectl, the YAML editor, the terminals.',
  apiserver:
    'The only door to the cluster state. Validates, admits and stores every object, and fans changes out to watchers.',
  store:
    'The key-value store behind the API server (etcd in VM mode, SQLite with MVCC in no-VM mode).',
  scheduler: 'Watches unscheduled pods and binds each one to a node that fits it.',
  'controller-manager':
    'Runs the control loops (Deployment, ReplicaSet, node lifecycle, …) that move actual state to desired state.',
  'cloud-controller-manager': 'Plays the cloud: node addresses, LoadBalancer IPs.',
  kubelet:
    'The node agent: registers the node, renews its lease, runs the pods bound to it through the runtime, reports status.',
  'kube-proxy': 'Turns Services and EndpointSlices into forwarding rules on the node.',
  runtime: 'The container runtime (CRI): creates sandboxes and containers for the kubelet.',
  dns: 'Answers Service names inside the cluster.',
};
