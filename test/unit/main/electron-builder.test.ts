/**
 * The packaging configuration (electron-builder is not run here: no Electron binary). Checks the
 * installers asked for, and that every file the main process or the cluster child loads at runtime
 * from next to its sources is inside the packaged `files`.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = resolve(import.meta.dirname, '../../..');
const config = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<
  string,
  any
>;

/** electron-builder's `files` semantics for the patterns used here: globs, "!" excludes, last wins. */
function packaged(file: string): boolean {
  let included = false;
  for (const pattern of config['files'] as string[]) {
    const neg = pattern.startsWith('!');
    if (globRe(neg ? pattern.slice(1) : pattern).test(file)) included = !neg;
  }
  return included;
}

function globRe(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else re += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (statSync(join(ROOT, rel)).isDirectory()) return sources(rel);
    return rel.endsWith('.ts') && !rel.endsWith('.test.ts') ? [rel] : [];
  });
}

describe('electron-builder.yml', () => {
  it('names the app and builds dmg, nsis, AppImage and deb with an icon', () => {
    expect(config['appId']).toBe('dev.kubelab.app');
    expect(config['productName']).toBe('kubelab');
    expect(config['mac'].target).toEqual(['dmg']);
    expect(config['win'].target).toEqual(['nsis']);
    expect(config['linux'].target).toEqual(['AppImage', 'deb']);
    for (const os of ['mac', 'win', 'linux']) {
      const icon = config[os].icon as string;
      expect(existsSync(join(ROOT, icon)), `${os} icon ${icon}`).toBe(true);
      // A PNG of at least 512×512, which electron-builder turns into .icns and .ico.
      const png = readFileSync(join(ROOT, icon));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512);
      expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(512);
    }
    // The main entry electron-builder starts is the electron-vite output.
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string };
    expect(packaged(pkg.main)).toBe(true);
  });

  it('ships the sources the cluster child runs, but not tests', () => {
    expect(packaged('src-cluster/cmd/cluster/index.ts')).toBe(true);
    expect(packaged('src-main/lab/cluster-child.ts')).toBe(true);
    expect(packaged('src-shared/ipc/contract.ts')).toBe(true);
    expect(packaged('bin/kubelab.mjs')).toBe(true);
    expect(packaged('src-cluster/api/README.md')).toBe(false);
    expect(packaged('test/unit/main/electron-builder.test.ts')).toBe(false);
    expect(config['asar']).toBe(false);
  });

  it('packages every runtime file the code loads relative to its own source', () => {
    const refs: string[] = [];
    for (const src of [...sources('src-main'), ...sources('src-cluster')]) {
      const text = readFileSync(join(ROOT, src), 'utf8');
      for (const m of text.matchAll(/new URL\(\s*'([^']+)',\s*import\.meta\.url\s*\)/g)) {
        refs.push(relative(ROOT, resolve(ROOT, src, '..', m[1]!)).replaceAll('\\', '/'));
      }
    }
    // The CRI proto and the OCI image build script at least; each must exist and be packaged.
    expect(refs).toEqual(
      expect.arrayContaining([
        'src-cluster/kubelet/cri/proto/runtime-v1.proto',
        'vm-images/oci/build.sh',
      ]),
    );
    for (const ref of refs) {
      expect(existsSync(join(ROOT, ref)), ref).toBe(true);
      expect(packaged(ref), `${ref} is loaded at runtime but not packaged`).toBe(true);
    }
  });
});
