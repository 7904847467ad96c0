/**
 * `npx kubelab up --driver embedded --workers 2 --host-node` exactly as a user runs it: this machine
 * joins the no-VM cluster as a real worker, and real kubectl (1.32 and 1.20) drives it. Pods run as
 * containers in kubelab's containerd, a ClusterIP answers from the host through iptables, a pod
 * resolves Services and pods through the cluster DNS, probes restart containers with backoff, a
 * memory limit OOMKills, deleting pods and `kubelab down` leave nothing on the machine — and a
 * crashed cluster process orphans nothing once `kubelab down` has run.
 *
 * Needs root and the packages src-cluster/node/requirements.ts lists; skipped (with the reason)
 * elsewhere. One host node per machine: this is the only test file that starts one.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { hostNodeMissing } from '../../../src-cluster/node/requirements';
import { kubectlClients, runKubectl } from '../../support/kubectl';
import { hostLeftovers, webManifests, clientPod, livenessPod, oomPod } from './fixtures';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'kl-hn-'));
const kubeconfig = join(dir, 'kubeconfig');
const socket = join(dir, 'host-node', 'containerd.sock');
const why = hostNodeMissing();
const KUBECTL = '/usr/bin/kubectl';

async function kubelab(...args: string[]) {
  try {
    const r = await run('npx', ['kubelab', ...args, '--data-dir', dir], {
      cwd: ROOT,
      timeout: 180_000,
    });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout, err: err.stderr };
  }
}

async function k(args: string[], opts: { stdin?: string; bin?: string } = {}) {
  const r = await runKubectl(opts.bin ?? KUBECTL, args, {
    kubeconfig,
    timeoutMs: 30_000,
    ...(opts.stdin ? { stdin: opts.stdin } : {}),
  });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

async function json<T = any>(args: string[]): Promise<T> {
  return JSON.parse(await k([...args, '-o', 'json'])) as T;
}

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await f();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} ${last ?? ''}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const ctr = (...args: string[]) =>
  spawnSync('ctr', ['-a', socket, '-n', 'k8s.io', ...args], { encoding: 'utf8' }).stdout;
const clusterPid = () => Number(readFileSync(join(dir, 'cluster.pid'), 'utf8'));

afterAll(async () => {
  if (!why) await kubelab('down');
  rmSync(dir, { recursive: true, force: true });
}, 120_000);

describe.skipIf(why !== undefined)(
  `kubelab up --host-node${why ? ` (skipped: ${why})` : ''}`,
  () => {
    let hostName = '';

    it('joins this machine as a Ready worker with its own pod CIDR', async () => {
      const up = await kubelab('up', '--driver', 'embedded', '--workers', '2', '--host-node');
      expect(up.code, up.out + up.err).toBe(0);
      expect(up.out).toContain('+ this machine (--host-node)');
      const nodes = await json<{ items: any[] }>([
        'get',
        'nodes',
        '-l',
        'kubelab.dev/host-node=true',
      ]);
      expect(nodes.items).toHaveLength(1);
      const node = nodes.items[0];
      hostName = node.metadata.name;
      expect(node.status.conditions.find((c: any) => c.type === 'Ready').status).toBe('True');
      expect(node.spec.podCIDR).toMatch(/^10\.244\.\d+\.0\/24$/);
      expect(node.status.nodeInfo.containerRuntimeVersion).toMatch(/^containerd:\/\//);
      const ip = node.status.addresses.find((a: any) => a.type === 'InternalIP').address;
      expect(ip).not.toBe('127.0.0.1');
      // Three sim nodes and this one, each with a different /24.
      const all = await json<{ items: any[] }>(['get', 'nodes']);
      const cidrs = all.items.map((n) => n.spec.podCIDR);
      expect(all.items).toHaveLength(4);
      expect(new Set(cidrs).size).toBe(4);

      const status = await kubelab('status');
      expect(status.code, status.err).toBe(0);
      for (const c of ['containerd', 'kubelet', 'kube-proxy', 'node-agent', 'cluster-dns']) {
        expect(status.out).toMatch(new RegExp(`${c}\\s+${hostName}\\s+healthy`));
      }
      expect(status.out).toContain('iptables mode');
    }, 200_000);

    it('runs a Deployment as real containers behind a ClusterIP that answers from the host', async () => {
      await k(['apply', '-f', '-'], { stdin: webManifests });
      await until('2 web pods Ready', async () => {
        const d = await json(['get', 'deployment', 'web']);
        return d.status?.readyReplicas === 2 ? true : undefined;
      });
      const pods = await json<{ items: any[] }>(['get', 'pods', '-l', 'app=web']);
      const cidr = (await json(['get', 'node', hostName])).spec.podCIDR as string;
      const prefix = cidr.split('.').slice(0, 3).join('.') + '.';
      for (const p of pods.items) {
        expect(p.spec.nodeName).toBe(hostName);
        expect(p.status.podIP.startsWith(prefix)).toBe(true);
        const id = p.status.containerStatuses[0].containerID.replace('containerd://', '');
        expect(ctr('containers', 'ls', '-q')).toContain(id);
        expect(ctr('tasks', 'ls')).toMatch(new RegExp(`${id}\\s+\\d+\\s+RUNNING`));
      }

      const svc = await json(['get', 'service', 'web']);
      // kube-proxy programs the endpoints a moment after they become ready (until then the
      // Service REJECTs, as upstream's does): wait for the first answer, as a user would retry.
      const body = await until('the ClusterIP to answer', async () => {
        const res = await fetch(`http://${svc.spec.clusterIP}/`, {
          signal: AbortSignal.timeout(5000),
        });
        return (await res.text()).trim();
      });
      expect(body).toBe('hello from kubelab');
      const nat = spawnSync('iptables-save', ['-t', 'nat'], { encoding: 'utf8' }).stdout;
      expect(nat).toContain(
        `-d ${svc.spec.clusterIP}/32 -p tcp -m comment --comment "default/web cluster IP"`,
      );
    }, 120_000);

    it('gives pods the cluster DNS: Services, headless Services and pod names resolve', async () => {
      await k(['apply', '-f', '-'], { stdin: clientPod });
      await until('client Running', async () =>
        (await json(['get', 'pod', 'client'])).status?.phase === 'Running' ? true : undefined,
      );
      const resolv = await k(['exec', 'client', '--', 'cat', '/etc/resolv.conf']);
      expect(resolv).toContain('nameserver 10.96.0.10');
      expect(resolv).toContain('search default.svc.cluster.local svc.cluster.local cluster.local');

      const svcIp = (await json(['get', 'service', 'web'])).spec.clusterIP;
      const ns = await k(['exec', 'client', '--', 'nslookup', 'web.default.svc.cluster.local']);
      expect(ns).toContain(svcIp);
      const body = await k([
        'exec',
        'client',
        '--',
        'wget',
        '-qO-',
        'http://web.default.svc.cluster.local/',
      ]);
      expect(body.trim()).toBe('hello from kubelab');
      // The search path: the short name works too.
      expect((await k(['exec', 'client', '--', 'wget', '-qO-', 'http://web/'])).trim()).toBe(
        'hello from kubelab',
      );

      const podIps = (await json<{ items: any[] }>(['get', 'pods', '-l', 'app=web'])).items.map(
        (p) => p.status.podIP as string,
      );
      const headless = await k([
        'exec',
        'client',
        '--',
        'nslookup',
        'web-headless.default.svc.cluster.local',
      ]);
      for (const ip of podIps) expect(headless).toContain(ip);
      const podName = `${podIps[0]!.replaceAll('.', '-')}.default.pod.cluster.local`;
      expect(await k(['exec', 'client', '--', 'nslookup', podName])).toContain(podIps[0]);
    }, 120_000);

    it('keeps the kubelet port to the node itself: a pod is refused, the API server is not', async () => {
      const node = await json(['get', 'node', hostName]);
      const ip = node.status.addresses.find((a: any) => a.type === 'InternalIP').address;
      const port = node.status.daemonEndpoints.kubeletEndpoint.Port;
      const fromPod = await k([
        'exec',
        'client',
        '--',
        'sh',
        '-c',
        `wget -qO- http://${ip}:${port}/ 2>&1; echo rc=$?`,
      ]);
      expect(fromPod).toContain('Connection refused');
      expect(fromPod).toContain('rc=1');
      // ... while kubectl (through the API server on this machine) still reaches it.
      expect(await k(['exec', 'client', '--', 'echo', 'through the API server'])).toBe(
        'through the API server\n',
      );
    }, 60_000);

    it('serves kubectl logs and exec on these containers (kubectl 1.20 and 1.32)', async () => {
      for (const kc of kubectlClients()) {
        expect(await k(['logs', 'client'], { bin: kc.bin }), kc.name).toContain('client started');
        const out = await k(['exec', 'client', '--', 'sh', '-c', 'echo $((6*7)); hostname'], {
          bin: kc.bin,
        });
        expect(out, kc.name).toBe('42\nclient\n');
      }
    }, 60_000);

    it('restarts a container whose liveness probe fails, with backoff', async () => {
      await k(['apply', '-f', '-'], { stdin: livenessPod });
      await until(
        'restarts and BackOff',
        async () => {
          const p = await json(['get', 'pod', 'liveness']);
          const ev = await k(['get', 'events', '--field-selector', 'involvedObject.name=liveness']);
          const restarts = p.status?.containerStatuses?.[0]?.restartCount ?? 0;
          return restarts >= 2 && /Unhealthy/.test(ev) && /Killing/.test(ev) && /BackOff/.test(ev)
            ? true
            : undefined;
        },
        90_000,
      );
      const ev = await k(['get', 'events', '--field-selector', 'involvedObject.name=liveness']);
      expect(ev).toMatch(/Liveness probe failed: HTTP probe failed with statuscode: 404/);
      expect(ev).toMatch(/Back-off restarting failed container/);
    }, 120_000);

    it('OOMKills a container that allocates 200 MB under a 64Mi limit', async () => {
      await k(['apply', '-f', '-'], { stdin: oomPod });
      const st = await until('oom terminated', async () => {
        const p = await json(['get', 'pod', 'oom']);
        return p.status?.containerStatuses?.[0]?.state?.terminated;
      });
      expect(st.reason).toBe('OOMKilled');
      expect(st.exitCode).toBe(137);
      expect(await k(['get', 'pod', 'oom'])).toContain('OOMKilled');
    }, 90_000);

    it('leaves no container, sandbox, netns, veth or pod cgroup behind once pods are deleted', async () => {
      await k(['delete', 'deployment', 'web', '--wait=false']);
      await k(['delete', 'pod', 'client', 'liveness', 'oom', '--grace-period=1', '--wait=false']);
      await until('pods gone', async () =>
        (await json<{ items: any[] }>(['get', 'pods'])).items.length === 0 ? true : undefined,
      );
      await until('sandboxes removed', async () =>
        ctr('containers', 'ls', '-q').trim() === '' ? true : undefined,
      );
      expect(hostLeftovers(dir, { podsOnly: true })).toEqual([]);
    }, 120_000);

    it('falls back to iptables with a Warning event when the ConfigMap asks for IPVS the kernel lacks', async () => {
      // kubelab's node watches the ConfigMap (kubeadm users would restart the kube-proxy pods).
      await k([
        '-n',
        'kube-system',
        'create',
        'configmap',
        'kube-proxy',
        '--from-literal=config.conf=mode: "ipvs"',
      ]);
      if (process.env.KUBELAB_EXPECT_IPVS !== '1') {
        const ev = await until('the IPVSUnavailable event', async () => {
          const out = await k([
            'get',
            'events',
            '-A',
            '--field-selector',
            'reason=IPVSUnavailable',
          ]);
          return out.includes('IPVSUnavailable') ? out : undefined;
        });
        expect(ev).toContain('asks for mode "ipvs"');
        expect(ev).toContain('modprobe ip_vs');
        // The iptables rules stayed: the kube-dns ClusterIP still answers from the host.
        const answer = await until('kube-dns to answer from the host', async () => {
          const dig = spawnSync(
            'busybox',
            ['nslookup', 'kubernetes.default.svc.cluster.local', '10.96.0.10'],
            { encoding: 'utf8', timeout: 10_000 },
          );
          return /Address:\s+10\.96\.0\.1\b/.test(dig.stdout) ? dig.stdout : undefined;
        });
        expect(answer).toContain('kubernetes.default.svc.cluster.local');
        expect((await kubelab('status')).out).toContain('iptables mode');
      }
      // A normal down leaves nothing; the mode is read again at the next start.
      expect((await kubelab('down')).code).toBe(0);
      expect(hostLeftovers(dir, { podsOnly: false })).toEqual([]);
      const up = await kubelab('up', '--driver', 'embedded', '--workers', '2', '--host-node');
      expect(up.code, up.out + up.err).toBe(0);
      const ipvs = process.env.KUBELAB_EXPECT_IPVS === '1';
      expect((await kubelab('status')).out).toContain(ipvs ? 'ipvs mode' : 'iptables mode');
      // Either way a ClusterIP answers from the host after the restart.
      await until('kube-dns to answer after the restart', async () => {
        const dig = spawnSync(
          'busybox',
          ['nslookup', 'kubernetes.default.svc.cluster.local', '10.96.0.10'],
          { encoding: 'utf8', timeout: 10_000 },
        );
        return /Address:\s+10\.96\.0\.1\b/.test(dig.stdout) ? true : undefined;
      });
      if (ipvs) {
        const vs = spawnSync('ipvsadm', ['-Ln'], { encoding: 'utf8' }).stdout;
        expect(vs).toContain('UDP  10.96.0.10:53 rr');
      }
    }, 240_000);

    it('orphans nothing when the cluster process crashes: kubelab down cleans up after it', async () => {
      await k(['apply', '-f', '-'], { stdin: clientPod });
      await until('client Running', async () =>
        (await json(['get', 'pod', 'client'])).status?.phase === 'Running' ? true : undefined,
      );
      process.kill(clusterPid(), 'SIGKILL');
      await new Promise((r) => setTimeout(r, 500));
      // containerd and the pod survive the crash (as on any node) ...
      expect(ctr('tasks', 'ls')).toMatch(/RUNNING/);
      const down = await kubelab('down');
      expect(down.code, down.err).toBe(0);
      expect(down.out).toContain('removed what the host node left');
      // ... and are gone after `kubelab down`, with everything else.
      expect(hostLeftovers(dir, { podsOnly: false })).toEqual([]);
    }, 120_000);
  },
);
