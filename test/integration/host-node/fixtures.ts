/**
 * Manifests for the host-node test and `hostLeftovers()`: everything a host node may leave on the
 * machine, looked up the way an admin would (ip link, ls of the netns dir, the cgroup tree,
 * iptables-save, ip route, /proc), so "nothing left" is checked against the kernel, not our books.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const onHost = (indent: number) =>
  `${' '.repeat(indent)}nodeSelector: { kubelab.dev/host-node: "true" }`;

export const webManifests = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
${onHost(6)}
      terminationGracePeriodSeconds: 1
      containers:
        - name: web
          image: localhost/kubelab/web:1
          ports: [{ containerPort: 80 }]
          readinessProbe: { httpGet: { path: /, port: 80 }, periodSeconds: 1 }
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: 80 }]
---
apiVersion: v1
kind: Service
metadata: { name: web-headless }
spec:
  clusterIP: None
  selector: { app: web }
  ports: [{ port: 80, targetPort: 80 }]
`;

export const clientPod = `
apiVersion: v1
kind: Pod
metadata: { name: client }
spec:
${onHost(2)}
  terminationGracePeriodSeconds: 1
  containers:
    - name: shell
      image: localhost/kubelab/shell:1
      command: [sh, -c, "echo client started; trap 'exit 0' TERM; sleep 3600 & wait"]
`;

export const livenessPod = `
apiVersion: v1
kind: Pod
metadata: { name: liveness }
spec:
${onHost(2)}
  terminationGracePeriodSeconds: 1
  containers:
    - name: web
      image: localhost/kubelab/web:1
      livenessProbe: { httpGet: { path: /healthz, port: 80 }, periodSeconds: 1, failureThreshold: 1 }
`;

export const oomPod = `
apiVersion: v1
kind: Pod
metadata: { name: oom }
spec:
${onHost(2)}
  restartPolicy: Never
  containers:
    - name: hog
      image: localhost/kubelab/shell:1
      # tail keeps a newline-free stream in memory: 200 MB against a 64 MiB limit.
      command: [sh, -c, "head -c 200m /dev/zero | tail"]
      resources: { limits: { memory: 64Mi } }
`;

const sh = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8' }).stdout ?? '';

/** What the host node left on the machine; [] when nothing. */
export function hostLeftovers(dataDir: string, opts: { podsOnly: boolean }): string[] {
  const left: string[] = [];
  const veths = sh('ip', ['-o', 'link', 'show', 'master', 'kubelab0']).trim();
  if (veths) left.push(`veths on kubelab0: ${veths}`);
  const netnsDir = join(dataDir, 'host-node/state/io.containerd.grpc.v1.cri/netns');
  if (existsSync(netnsDir) && readdirSync(netnsDir).length) {
    left.push(`netns: ${readdirSync(netnsDir).join(' ')}`);
  }
  for (const h of readdirSync('/sys/fs/cgroup')) {
    const root = join('/sys/fs/cgroup', h, 'kubelab-host-pods');
    if (!existsSync(root)) continue;
    const pods = readdirSync(root).filter((d) => d.startsWith('pod'));
    if (pods.length) left.push(`pod cgroups in ${h}: ${pods.join(' ')}`);
    else if (!opts.podsOnly) left.push(`cgroup root ${root}`);
  }
  // CNI's result cache (outside containerd's dirs, gotcha 8) for the host node's network "kubelab".
  const cache = '/var/lib/cni/results';
  const results = existsSync(cache)
    ? readdirSync(cache).filter((f) => /^kubelab-[0-9a-f]{64}-/.test(f))
    : [];
  if (results.length) left.push(`CNI results: ${results.join(' ')}`);
  if (opts.podsOnly) return left;

  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      continue;
    }
    if (cmd.includes(join(dataDir, 'host-node'))) left.push(`process ${pid}: ${cmd.trim()}`);
  }
  if (spawnSync('ip', ['link', 'show', 'kubelab0']).status === 0) left.push('bridge kubelab0');
  const kube = sh('iptables-save', [])
    .split('\n')
    .filter((l) => l.includes('KUBE-') || l.includes('KUBELAB-'));
  if (kube.length) left.push(`iptables: ${kube.slice(0, 3).join(' | ')} (${kube.length} lines)`);
  const routes = sh('ip', ['-4', 'route', 'show', 'proto', '77']).trim();
  if (routes) left.push(`routes: ${routes}`);
  if (existsSync(join(dataDir, 'host-node/node.json'))) left.push('host-node/node.json');
  return left;
}
