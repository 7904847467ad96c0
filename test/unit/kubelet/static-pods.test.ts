// Static pod manifests → the pods the kubelet runs: naming, defaults, content-hash uids, annotations,
// and the folder source noticing added, edited, broken and removed files.
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src-shared/util/clock';
import { StaticPodSource, staticPodFrom } from '../../../src-cluster/kubelet/config/static-pods';

const dir = mkdtempSync(join(tmpdir(), 'kubelab-manifests-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const YAML = `apiVersion: v1
kind: Pod
metadata:
  name: etcd
  namespace: kube-system
spec:
  containers:
  - name: etcd
    image: localhost/kubelab/shell:1
`;

describe('staticPodFrom', () => {
  it('names the pod <name>-<node>, binds it, defaults it and derives a stable uid from content', () => {
    const seen = new Date('2026-11-25T00:00:00Z');
    const p = staticPodFrom(YAML, '/m/etcd.yaml', 'master-1', seen);
    expect(p.metadata?.name).toBe('etcd-master-1');
    expect(p.metadata?.namespace).toBe('kube-system');
    expect(p.spec?.nodeName).toBe('master-1');
    expect(p.spec?.restartPolicy).toBe('Always');
    expect(p.metadata?.uid).toMatch(/^[0-9a-f]{32}$/);
    expect(p.metadata?.annotations).toEqual({
      'kubernetes.io/config.hash': p.metadata?.uid,
      'kubernetes.io/config.source': 'file',
      'kubernetes.io/config.seen': '2026-11-25T00:00:00.000Z',
    });
    // Same manifest, same uid (a restarted kubelet finds its containers); other node or content differs.
    expect(staticPodFrom(YAML, '/m/etcd.yaml', 'master-1', new Date()).metadata?.uid).toBe(
      p.metadata?.uid,
    );
    expect(staticPodFrom(YAML, '/m/etcd.yaml', 'master-2', seen).metadata?.uid).not.toBe(
      p.metadata?.uid,
    );
    const edited = YAML.replace('shell:1', 'web:1');
    expect(staticPodFrom(edited, '/m/etcd.yaml', 'master-1', seen).metadata?.uid).not.toBe(
      p.metadata?.uid,
    );
    // JSON works too.
    const json = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'j' },
      spec: { containers: [{ name: 'c', image: 'x' }] },
    });
    expect(staticPodFrom(json, '/m/j.json', 'n', seen).metadata?.namespace).toBe('default');
  });

  it('refuses what is not a single Pod', () => {
    expect(() => staticPodFrom('kind: Service\nmetadata: {name: s}', 'f', 'n', new Date())).toThrow(
      'kind Service is not Pod',
    );
    expect(() =>
      staticPodFrom('kind: Pod\nspec: {containers: [{name: c}]}', 'f', 'n', new Date()),
    ).toThrow('metadata.name is required');
    expect(() => staticPodFrom('', 'f', 'n', new Date())).toThrow('empty manifest');
  });
});

describe('StaticPodSource', () => {
  it('reports the folder’s pods on start, on re-scan after changes, and keeps a broken file’s last good pod', () => {
    const clock = new FakeClock(Date.now());
    const seen: Pod[][] = [];
    const logs: string[] = [];
    const src = new StaticPodSource({
      dir,
      nodeName: 'm1',
      clock,
      periodMs: 20_000,
      onChange: (pods) => seen.push(pods),
      log: (m) => logs.push(m),
    });
    writeFileSync(join(dir, 'etcd.yaml'), YAML);
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    src.start();
    try {
      expect(seen.map((s) => s.map((p) => p.metadata?.name))).toEqual([['etcd-m1']]);
      src.scan();
      expect(seen).toHaveLength(1); // unchanged: no report
      writeFileSync(join(dir, 'etcd.yaml'), 'kind: Pod\nmetadata: [');
      clock.advance(20_000);
      expect(seen).toHaveLength(1); // broken: the last good pod stays
      expect(logs.some((l) => l.includes('etcd.yaml'))).toBe(true);
      writeFileSync(join(dir, 'etcd.yaml'), YAML.replace('shell:1', 'web:1'));
      clock.advance(20_000);
      expect(seen).toHaveLength(2);
      expect(seen[1]![0]!.spec?.containers[0]?.image).toBe('localhost/kubelab/web:1');
      unlinkSync(join(dir, 'etcd.yaml'));
      clock.advance(20_000);
      expect(seen.at(-1)).toEqual([]);
    } finally {
      src.stop();
    }
  });
});
