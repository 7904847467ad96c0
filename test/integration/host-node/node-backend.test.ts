/**
 * Which data path a real node's kube-proxy runs, read from the kube-proxy ConfigMap through a real
 * API server; the kernel is a scripted command runner here (the real kernel's answer is in
 * host-node-cli.test.ts). "ipvs" without IPVS and modes kubelab does not have fall back to
 * iptables with a reason the node records as a Warning event.
 */
import type { ConfigMap } from 'kubernetes-types/core/v1';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RESOURCES } from '../../../src-cluster/api/resources';
import { ApiClient, HttpTransport } from '../../../src-cluster/client';
import type { CommandRunner } from '../../../src-cluster/proxy/iptables/command-runner';
import { chooseNodeBackend } from '../../../src-cluster/proxy/node-backend';
import { startTestApiServer, type TestApiServer } from '../../support/apiserver';

const CONFIGMAPS = RESOURCES.find((r) => r.resource === 'configmaps' && r.group === '')!;
let api: TestApiServer;
let client: ApiClient;

/** A kernel with or without IPVS, as ipvsadm and ip report it. */
function kernel(ipvs: boolean): CommandRunner & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async run(program, args) {
      calls.push([program, ...args].join(' '));
      if (program === 'ipvsadm' && !ipvs) {
        return { code: 2, stdout: '', stderr: "Can't initialize ipvs: Protocol not available" };
      }
      return { code: 0, stdout: '', stderr: '' };
    },
  };
}

async function setMode(text: string | undefined): Promise<void> {
  const cms = client.resource<ConfigMap>(CONFIGMAPS).namespace('kube-system');
  await cms.delete('kube-proxy').catch(() => {});
  if (text !== undefined) {
    await cms.create({ metadata: { name: 'kube-proxy' }, data: { 'config.conf': text } });
  }
}

beforeAll(async () => {
  api = await startTestApiServer();
  client = new ApiClient({
    transport: new HttpTransport({ server: api.httpUrl }),
    component: 'kube-proxy',
  });
});
afterAll(() => api?.stop());

it('runs iptables without a ConfigMap or with mode iptables, and no fallback', async () => {
  await setMode(undefined);
  const none = await chooseNodeBackend(client, { runner: kernel(true) });
  expect([none.backend.name, none.requested, none.fallback]).toEqual([
    'iptables',
    'iptables',
    undefined,
  ]);
  await setMode('mode: "iptables"\n');
  expect((await chooseNodeBackend(client, { runner: kernel(true) })).backend.name).toBe('iptables');
});

it('runs ipvs when the ConfigMap asks and the kernel has it', async () => {
  await setMode(
    'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: "ipvs"\n',
  );
  const k = kernel(true);
  const c = await chooseNodeBackend(client, { runner: k });
  expect([c.backend.name, c.requested, c.fallback]).toEqual(['ipvs', 'ipvs', undefined]);
  expect(k.calls[0]).toBe('ipvsadm -Ln');
});

it('falls back to iptables with IPVSUnavailable when the kernel has no IPVS', async () => {
  await setMode('mode: ipvs\n');
  const c = await chooseNodeBackend(client, { runner: kernel(false) });
  expect(c.backend.name).toBe('iptables');
  expect(c.requested).toBe('ipvs');
  expect(c.reason).toBe('IPVSUnavailable');
  expect(c.fallback).toMatch(
    /asks for mode "ipvs", but IPVS mode needs the ip_vs kernel module .*modprobe ip_vs.*Protocol not available; running in iptables mode instead/,
  );
});

it('falls back to iptables with InvalidProxyMode for a mode kubelab does not have', async () => {
  await setMode('mode: nftables\n');
  const c = await chooseNodeBackend(client, { runner: kernel(true) });
  expect(c.backend.name).toBe('iptables');
  expect(c.reason).toBe('InvalidProxyMode');
  expect(c.fallback).toContain('kube-system/kube-proxy sets mode "nftables"');
});
