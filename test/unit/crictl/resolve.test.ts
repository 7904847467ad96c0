/**
 * Which thing a short id names, and which runtime the CLI talks to: unique prefixes accepted, exact
 * ids preferred, ambiguity and absence reported; endpoint from flag, env, config file or default;
 * an unreachable socket named with the reason.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_RUNTIME_ENDPOINT,
  normalizeEndpoint,
  probeSocket,
  resolveEndpoint,
} from '../../../src-cluster/crictl/endpoint';
import { NotFoundError, resolvePrefix } from '../../../src-cluster/crictl/resolve';

const IDS = ['3f2a9c01aa', '3f2b77d0bb', '3f2a9c01aabb', '9e00ff'];

describe('resolvePrefix', () => {
  it('takes a unique prefix, and an exact id even when it prefixes another', () => {
    expect(resolvePrefix('container', '9e', IDS)).toBe('9e00ff');
    expect(resolvePrefix('container', '3f2b', IDS)).toBe('3f2b77d0bb');
    expect(resolvePrefix('container', '3f2a9c01aa', IDS)).toBe('3f2a9c01aa');
    expect(resolvePrefix('container', '3f2a9c01aab', IDS)).toBe('3f2a9c01aabb');
  });

  it('says not found, or ambiguous with what matched', () => {
    expect(() => resolvePrefix('container', 'ff', IDS)).toThrow(NotFoundError);
    expect(() => resolvePrefix('pod sandbox', 'ff', IDS)).toThrow('pod sandbox "ff" not found');
    expect(() => resolvePrefix('container', '3f2', IDS)).toThrow(
      'ambiguous container ID prefix "3f2": matches 3 containers (3f2a9c01aa, 3f2b77d0bb, 3f2a9c01aabb)',
    );
    expect(() => resolvePrefix('container', '', IDS)).toThrow('container ID cannot be empty');
  });
});

describe('runtime endpoint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crictl-endpoint-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cfg = join(dir, 'crictl.yaml');
  writeFileSync(cfg, 'runtime-endpoint: unix:///from/config.sock\ntimeout: 2\n');
  const none = join(dir, 'absent.yaml');

  it('flag, then CONTAINER_RUNTIME_ENDPOINT, then the config file, then the default', () => {
    const env = { CONTAINER_RUNTIME_ENDPOINT: '/from/env.sock', CRI_CONFIG_FILE: cfg };
    expect(resolveEndpoint({ flag: 'unix:///from/flag.sock', env }).endpoint).toBe(
      'unix:///from/flag.sock',
    );
    expect(resolveEndpoint({ env }).endpoint).toBe('unix:///from/env.sock');
    expect(resolveEndpoint({ env: { CRI_CONFIG_FILE: cfg } })).toEqual({
      endpoint: 'unix:///from/config.sock',
      from: cfg,
    });
    expect(resolveEndpoint({ env: { CRI_CONFIG_FILE: none } }).endpoint).toBe(
      DEFAULT_RUNTIME_ENDPOINT,
    );
  });

  it('accepts unix sockets only', () => {
    expect(normalizeEndpoint('/run/containerd/containerd.sock')).toBe(DEFAULT_RUNTIME_ENDPOINT);
    expect(() => normalizeEndpoint('tcp://127.0.0.1:1234')).toThrow(
      'only unix:// endpoints are supported (got tcp://)',
    );
    expect(() => normalizeEndpoint('unix://relative.sock')).toThrow('absolute');
  });

  it('names the socket and the reason when nothing listens', async () => {
    await expect(probeSocket(`unix://${dir}/missing.sock`, 2000)).rejects.toThrow(
      `dial unix ${dir}/missing.sock: connect: no such file or directory`,
    );
    // A path that exists but is no socket.
    await expect(probeSocket(`unix://${cfg}`, 2000)).rejects.toThrow(
      /connect: (connection refused|socket operation on non-socket)/,
    );
  });
});
