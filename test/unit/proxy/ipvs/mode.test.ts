import { describe, expect, it } from 'vitest';
import {
  ProxyModeError,
  createBackend,
  proxyModeFromConfigMap,
} from '../../../../src-cluster/proxy/mode';

const cm = (conf: string) => ({
  metadata: { name: 'kube-proxy', namespace: 'kube-system' },
  data: { 'config.conf': conf },
});

describe('proxy mode from the kube-proxy ConfigMap', () => {
  it('reads mode from the KubeProxyConfiguration in config.conf', () => {
    const conf =
      'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: "ipvs"\n';
    expect(proxyModeFromConfigMap(cm(conf))).toBe('ipvs');
    expect(proxyModeFromConfigMap(cm('mode: iptables\n'))).toBe('iptables');
  });

  it('treats an empty mode, no config and no ConfigMap as iptables (upstream default)', () => {
    expect(proxyModeFromConfigMap(cm('kind: KubeProxyConfiguration\nmode: ""\n'))).toBe('iptables');
    expect(proxyModeFromConfigMap(cm(''))).toBe('iptables');
    expect(proxyModeFromConfigMap(undefined)).toBe('iptables');
  });

  it('refuses a mode kubelab cannot run, naming it', () => {
    expect(() => proxyModeFromConfigMap(cm('mode: nftables\n'))).toThrow(ProxyModeError);
    expect(() => proxyModeFromConfigMap(cm('mode: nftables\n'))).toThrow(/"nftables"/);
  });

  it('creates the matching backend', () => {
    expect(createBackend('iptables').name).toBe('iptables');
    expect(createBackend('ipvs').name).toBe('ipvs');
    expect(createBackend('sim').name).toBe('sim');
  });
});
