// The seed article's flow with real kubectl (both versions) against a no-VM cluster: apply a
// Deployment, wait with `rollout status`, find the Scheduled events, and read them in `describe pod`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startEmbeddedCluster,
  type EmbeddedCluster,
} from '../../../src-cluster/cmd/cluster/embedded-cluster';

const KUBECTLS = [
  ['1.32', process.env.KUBECTL_132 ?? '/usr/bin/kubectl'],
  ['1.20', process.env.KUBECTL_120 ?? '/tmp/kubectl120/usr/bin/kubectl'],
] as const;

let cluster: EmbeddedCluster;
let dir: string;

function kubectl(bin: string, args: string[]) {
  const cache = mkdtempSync(join(dir, 'cache-'));
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      bin,
      ['--kubeconfig', cluster.kubeconfigPath, '--cache-dir', cache, ...args],
      { timeout: 60_000, env: { PATH: process.env.PATH ?? '', HOME: cache } },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const deployment = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 3
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: web
        image: nginx:1.25
        resources:
          requests: {cpu: 100m, memory: 128Mi}
`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubelab-kubectl-cluster-'));
  cluster = await startEmbeddedCluster({ masters: 1, workers: 2, dataDir: join(dir, 'cluster') });
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe.each(KUBECTLS)('kubectl %s on a no-VM cluster', (v, bin) => {
  const name = `web${v.replace('.', '')}`;

  it('is installed', () => {
    expect(existsSync(bin), `${bin} is missing (CI extracts kubectl 1.20; see .ci/run)`).toBe(true);
  });

  it('applies a Deployment and waits for it with rollout status', async () => {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, deployment(name));
    const applied = await kubectl(bin, ['apply', '-f', file]);
    expect(applied.stdout.trim()).toBe(`deployment.apps/${name} created`);
    const rollout = await kubectl(bin, [
      'rollout',
      'status',
      `deployment/${name}`,
      '--timeout=60s',
    ]);
    expect(rollout.code).toBe(0);
    expect(rollout.stdout).toContain(`deployment "${name}" successfully rolled out`);
    const pods = await kubectl(bin, ['get', 'pods', '-l', `app=${name}`, '--no-headers']);
    const lines = pods.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(l).toMatch(/\s1\/1\s+Running\s/);
  }, 90_000);

  it('lists the Scheduled events and shows them in describe pod', async () => {
    const events = await kubectl(bin, ['get', 'events', '--field-selector', 'reason=Scheduled']);
    expect(events.stdout.split('\n')[0]).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE/);
    const mine = events.stdout.split('\n').filter((l) => l.includes(`pod/${name}-`));
    expect(mine).toHaveLength(3);
    for (const l of mine) {
      expect(l).toMatch(new RegExp(`Successfully assigned default/${name}-\\S+ to worker-[12]`));
    }
    const pod = (await kubectl(bin, ['get', 'pods', '-l', `app=${name}`, '-o', 'name'])).stdout
      .trim()
      .split('\n')[0]!;
    const described = await kubectl(bin, ['describe', pod]);
    const eventsSection = described.stdout.slice(described.stdout.indexOf('Events:'));
    expect(eventsSection).toMatch(
      /Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned/,
    );
    expect(eventsSection).toMatch(/Normal\s+Started\s+\S+\s+kubelet\s+Started container web/);
  }, 60_000);
});
