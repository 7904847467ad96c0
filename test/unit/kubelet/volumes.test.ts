// Pod volumes on disk: the atomic writer's ..data layout and updates, configMap/secret/downwardAPI/
// projected files with items and modes, hostPath type checks, subPath mounts, and teardown.
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pod, Secret } from 'kubernetes-types/core/v1';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SourceNotFound, type ConfigSources } from '../../../src-cluster/kubelet/config-sources';
import { writeAtomically } from '../../../src-cluster/kubelet/volumes/atomic-writer';
import { checkHostPath } from '../../../src-cluster/kubelet/volumes/host-path';
import { containerMounts } from '../../../src-cluster/kubelet/volumes/mounts';
import { VolumeManager } from '../../../src-cluster/kubelet/volumes/volume-manager';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubelab-vol-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const file = (s: string, mode = 0o644) => ({ data: Buffer.from(s), mode });
const FACTS = { podIP: '', hostIP: '10.0.0.1', allocatable: { cpu: '2', memory: '2Gi' } };

describe('writeAtomically', () => {
  it('writes a generation behind ..data with links per top-level name, and swaps it on change', () => {
    const d = join(dir, 'cfg');
    expect(
      writeAtomically(
        d,
        new Map([
          ['a.conf', file('one')],
          ['sub/b', file('two', 0o600)],
        ]),
      ),
    ).toBe(true);
    expect(readFileSync(join(d, 'a.conf'), 'utf8')).toBe('one');
    expect(readFileSync(join(d, 'sub/b'), 'utf8')).toBe('two');
    expect(lstatSync(join(d, 'a.conf')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(d, 'a.conf'))).toBe('..data/a.conf');
    expect(statSync(join(d, 'sub/b')).mode & 0o777).toBe(0o600);
    const gen1 = readlinkSync(join(d, '..data'));

    // Same content: nothing happens.
    expect(
      writeAtomically(
        d,
        new Map([
          ['a.conf', file('one')],
          ['sub/b', file('two', 0o600)],
        ]),
      ),
    ).toBe(false);
    expect(readlinkSync(join(d, '..data'))).toBe(gen1);

    // Changed: new generation, old one and the dropped key gone.
    expect(writeAtomically(d, new Map([['a.conf', file('uno')]]))).toBe(true);
    expect(readFileSync(join(d, 'a.conf'), 'utf8')).toBe('uno');
    expect(readlinkSync(join(d, '..data'))).not.toBe(gen1);
    expect(readdirSync(d).sort()).toEqual(
      ['..data', readlinkSync(join(d, '..data')), 'a.conf'].sort(),
    );
  });
});

describe('checkHostPath', () => {
  it('creates for *OrCreate and refuses the wrong kind with upstream wording', () => {
    const newDir = join(dir, 'made');
    checkHostPath(newDir, 'DirectoryOrCreate');
    expect(statSync(newDir).isDirectory()).toBe(true);
    const newFile = join(dir, 'made.txt');
    checkHostPath(newFile, 'FileOrCreate');
    expect(statSync(newFile).isFile()).toBe(true);
    checkHostPath(newFile, 'File');
    checkHostPath(newDir, 'Directory');
    checkHostPath(join(dir, 'whatever'), '');
    expect(() => checkHostPath(join(dir, 'missing'), 'Directory')).toThrow(
      `hostPath type check failed: ${dir}/missing is not a directory`,
    );
    expect(() => checkHostPath(newDir, 'File')).toThrow('is not a file');
    expect(() => checkHostPath(newFile, 'DirectoryOrCreate')).toThrow('is not a directory');
  });
});

const sources: ConfigSources = {
  async configMap(_ns, name) {
    if (name !== 'cfg') throw new SourceNotFound('configmap', name);
    return { data: { 'app.conf': 'port=80', other: 'x' } };
  },
  async secret(_ns, name) {
    if (name !== 'creds') throw new SourceNotFound('secret', name);
    return { data: { password: Buffer.from('s3cr3t').toString('base64') } } as Secret;
  },
  services: async () => [],
};

function pod(volumes: NonNullable<Pod['spec']>['volumes']): Pod {
  return {
    metadata: { name: 'web', namespace: 'shop', uid: 'uid-1', labels: { b: '2', a: '1' } },
    spec: { containers: [{ name: 'c', resources: { limits: { memory: '64Mi' } } }], volumes },
  };
}

describe('VolumeManager', () => {
  it('lays out every kind under <root>/pods/<uid>/volumes and removes it all on teardown', async () => {
    const vm = new VolumeManager(dir);
    const host = join(dir, 'host-data');
    const vols = await vm.setUp(
      pod([
        { name: 'scratch', emptyDir: {} },
        {
          name: 'cfg',
          configMap: {
            name: 'cfg',
            items: [{ key: 'app.conf', path: 'conf/app.conf', mode: 0o600 }],
          },
        },
        { name: 'sec', secret: { secretName: 'creds', defaultMode: 0o400 } },
        {
          name: 'info',
          downwardAPI: {
            items: [
              { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
              {
                path: 'mem',
                resourceFieldRef: { containerName: 'c', resource: 'limits.memory', divisor: '1Mi' },
              },
            ],
          },
        },
        {
          name: 'all',
          projected: {
            sources: [
              { configMap: { name: 'cfg' } },
              { secret: { name: 'creds', items: [{ key: 'password', path: 'pw' }] } },
            ],
          },
        },
        { name: 'host', hostPath: { path: host, type: 'DirectoryOrCreate' } },
      ]),
      sources,
      FACTS,
    );
    const base = join(dir, 'pods/uid-1/volumes');
    expect(vols.get('scratch')).toEqual({
      hostPath: `${base}/kubernetes.io~empty-dir/scratch`,
      readOnly: false,
    });
    expect(statSync(`${base}/kubernetes.io~empty-dir/scratch`).isDirectory()).toBe(true);
    const cfg = `${base}/kubernetes.io~configmap/cfg`;
    expect(vols.get('cfg')).toEqual({ hostPath: cfg, readOnly: true });
    expect(readFileSync(`${cfg}/conf/app.conf`, 'utf8')).toBe('port=80');
    expect(statSync(`${cfg}/conf/app.conf`).mode & 0o777).toBe(0o600);
    expect(readdirSync(cfg).filter((n) => !n.startsWith('..'))).toEqual(['conf']);
    const sec = `${base}/kubernetes.io~secret/sec/password`;
    expect(readFileSync(sec, 'utf8')).toBe('s3cr3t');
    expect(statSync(sec).mode & 0o777).toBe(0o400);
    expect(readFileSync(`${base}/kubernetes.io~downward-api/info/labels`, 'utf8')).toBe(
      'a="1"\nb="2"',
    );
    expect(readFileSync(`${base}/kubernetes.io~downward-api/info/mem`, 'utf8')).toBe('64');
    const all = `${base}/kubernetes.io~projected/all`;
    expect(readFileSync(`${all}/app.conf`, 'utf8')).toBe('port=80');
    expect(readFileSync(`${all}/pw`, 'utf8')).toBe('s3cr3t');
    expect(vols.get('host')).toEqual({ hostPath: host, readOnly: false });
    expect(statSync(host).isDirectory()).toBe(true);

    expect(vm.podsOnDisk()).toEqual(['uid-1']);
    vm.tearDown('uid-1');
    expect(readdirSync(join(dir, 'pods'))).toEqual([]);
    expect(statSync(host).isDirectory()).toBe(true); // hostPath is the host's, never removed
  });

  it('fails the mount with upstream wording, unless the source is optional', async () => {
    const vm = new VolumeManager(dir);
    await expect(
      vm.setUp(pod([{ name: 'v', configMap: { name: 'nope' } }]), sources, FACTS),
    ).rejects.toThrow('MountVolume.SetUp failed for volume "v" : configmap "nope" not found');
    await expect(
      vm.setUp(
        pod([{ name: 'v', configMap: { name: 'cfg', items: [{ key: 'zz', path: 'z' }] } }]),
        sources,
        FACTS,
      ),
    ).rejects.toThrow('configmap references non-existent config key: zz');
    await expect(
      vm.setUp(
        pod([{ name: 'h', hostPath: { path: join(dir, 'no'), type: 'Directory' } }]),
        sources,
        FACTS,
      ),
    ).rejects.toThrow(
      `MountVolume.SetUp failed for volume "h" : hostPath type check failed: ${dir}/no is not a directory`,
    );
    const ok = await vm.setUp(
      pod([{ name: 'v', secret: { secretName: 'nope', optional: true } }]),
      sources,
      FACTS,
    );
    // An optional, missing secret: an empty volume (only the atomic writer's bookkeeping).
    const entries = readdirSync(ok.get('v')!.hostPath);
    expect(entries.every((n) => n.startsWith('..'))).toBe(true);
    expect(entries).toContain('..data');
  });

  it('writes nothing without a root dir (sim) but still checks the sources', async () => {
    const vm = new VolumeManager('');
    const v = await vm.setUp(pod([{ name: 'v', configMap: { name: 'cfg' } }]), sources, FACTS);
    expect(v.get('v')!.hostPath).toBe(
      '/var/lib/kubelet/pods/uid-1/volumes/kubernetes.io~configmap/v',
    );
    await expect(
      vm.setUp(pod([{ name: 'v', configMap: { name: 'x' } }]), sources, FACTS),
    ).rejects.toThrow('configmap "x" not found');
    expect(vm.podsOnDisk()).toEqual([]);
  });
});

describe('containerMounts', () => {
  it('maps mounts with subPath, subPathExpr, readOnly and propagation; refuses escapes', () => {
    const vol = join(dir, 'vol');
    mkdirSync(vol);
    writeFileSync(join(dir, 'outside'), 'x');
    symlinkSync(dir, join(vol, 'escape'));
    const volumes = new Map([
      ['data', { hostPath: vol, readOnly: false }],
      ['cfg', { hostPath: join(dir, 'cfg'), readOnly: true }],
    ]);
    mkdirSync(join(dir, 'cfg'));
    const mounts = containerMounts(
      {
        name: 'c',
        volumeMounts: [
          { name: 'data', mountPath: '/data' },
          { name: 'data', mountPath: '/logs', subPath: 'logs/a', readOnly: true },
          {
            name: 'data',
            mountPath: '/mine',
            subPathExpr: 'per/$(POD)',
            mountPropagation: 'HostToContainer',
          },
          { name: 'cfg', mountPath: '/etc/cfg' },
        ],
      },
      volumes,
      [{ key: 'POD', value: 'web-1' }],
      true,
    );
    expect(mounts).toEqual([
      {
        containerPath: '/data',
        hostPath: vol,
        readonly: false,
        propagation: 'PROPAGATION_PRIVATE',
      },
      {
        containerPath: '/logs',
        hostPath: `${vol}/logs/a`,
        readonly: true,
        propagation: 'PROPAGATION_PRIVATE',
      },
      {
        containerPath: '/mine',
        hostPath: `${vol}/per/web-1`,
        readonly: false,
        propagation: 'PROPAGATION_HOST_TO_CONTAINER',
      },
      {
        containerPath: '/etc/cfg',
        hostPath: join(dir, 'cfg'),
        readonly: true,
        propagation: 'PROPAGATION_PRIVATE',
      },
    ]);
    expect(statSync(`${vol}/logs/a`).isDirectory()).toBe(true); // created, as upstream does
    const bad = (subPath: string) => () =>
      containerMounts(
        { name: 'c', volumeMounts: [{ name: 'data', mountPath: '/x', subPath }] },
        volumes,
        [],
        true,
      );
    expect(bad('../etc')).toThrow("must be a relative path without '..'");
    expect(bad('escape')).toThrow('escapes the volume through a symlink');
    expect(() =>
      containerMounts(
        { name: 'c', volumeMounts: [{ name: 'nope', mountPath: '/x' }] },
        volumes,
        [],
        true,
      ),
    ).toThrow('cannot find volume "nope"');
  });
});
