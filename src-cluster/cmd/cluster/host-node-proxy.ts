/**
 * The host node's kube-proxy and its mode. The mode comes from the kube-system/kube-proxy
 * ConfigMap (proxy/mode.ts); where kubeadm users edit the ConfigMap and then restart the
 * kube-proxy pods, kubelab's node watches the ConfigMap and does the restart itself: on a change
 * of mode it stops kube-proxy, removes the old mode's rules (`kube-proxy --cleanup`) and starts
 * it with the new backend.
 *
 * When the requested mode cannot run here (IPVS without the ip_vs module, or a mode kubelab does
 * not have), nothing is torn down: the running iptables kube-proxy and its rules stay, and the
 * reason is logged and recorded as a Warning event on the Node — `IPVSUnavailable` or
 * `InvalidProxyMode` (proxy/node-backend.ts explains the choice).
 */
import type { ConfigMap, Node } from 'kubernetes-types/core/v1';
import type { Clock } from '../../../src-shared/util/clock';
import type { TraceSink } from '../../../src-shared/trace';
import { RESOURCES } from '../../api/resources';
import { SharedInformerFactory, type ApiClient } from '../../client';
import { EventRecorder, referenceTo } from '../../client/events/event-recorder';
import { cleanupIpvs, cleanupKubeProxyRules } from '../../proxy/iptables/cleanup';
import { KUBE_PROXY_CONFIGMAP } from '../../proxy/mode';
import { chooseNodeBackend } from '../../proxy/node-backend';
import { startProxy, type RunningProxy } from '../proxy';

const CONFIGMAPS = RESOURCES.find((r) => r.resource === 'configmaps' && r.group === '')!;
const NODES = RESOURCES.find((r) => r.resource === 'nodes')!;

export interface HostNodeProxyOptions {
  client: ApiClient;
  nodeName: string;
  nodeIP: string;
  clusterCIDR: string;
  clock: Clock;
  trace: TraceSink;
  minSyncPeriodMs?: number;
  log: (line: string) => void;
}

export class HostNodeProxy {
  private proxy: RunningProxy | undefined;
  /** The ConfigMap's config.conf last acted on ('' = none). */
  private seen: string | undefined;
  private chain: Promise<void> = Promise.resolve();
  private readonly ac = new AbortController();
  private readonly factory: SharedInformerFactory;
  private readonly recorder: EventRecorder;

  constructor(private readonly o: HostNodeProxyOptions) {
    this.factory = new SharedInformerFactory(o.client);
    const inf = this.factory.informerFor<ConfigMap>(CONFIGMAPS, {
      namespace: KUBE_PROXY_CONFIGMAP.namespace,
      fieldSelector: `metadata.name=${KUBE_PROXY_CONFIGMAP.name}`,
    });
    const changed = (cm: ConfigMap | undefined) => this.onConfig(cm);
    inf.addEventHandler({
      onAdd: (cm) => changed(cm),
      onUpdate: (_o, cm) => changed(cm),
      onDelete: () => changed(undefined),
    });
    this.recorder = new EventRecorder(o.client, { component: 'kube-proxy', host: o.nodeName });
  }

  /** The backend kube-proxy runs now ("iptables" / "ipvs"). */
  get mode(): string {
    return this.proxy?.backend.name ?? '';
  }

  healthy(): boolean {
    return this.proxy?.healthy() ?? false;
  }

  async start(): Promise<void> {
    this.factory.start(this.ac.signal);
    await this.factory.waitForCacheSync(this.ac.signal);
    await this.chain;
    // No ConfigMap (no add event): upstream's default, iptables.
    if (!this.proxy) await this.apply();
  }

  /** Resolves once every mode change seen so far has been handled. */
  settled(): Promise<void> {
    return this.chain;
  }

  async stop(): Promise<void> {
    this.ac.abort();
    await this.chain;
    await this.factory.shutdown();
    const wasIpvs = this.proxy?.backend.name === 'ipvs';
    await this.proxy?.stop();
    this.proxy = undefined;
    // kube-proxy --cleanup: the node leaves no rules behind.
    await cleanupKubeProxyRules();
    if (wasIpvs) await cleanupIpvs();
  }

  private onConfig(cm: ConfigMap | undefined): void {
    const text = cm?.data?.[KUBE_PROXY_CONFIGMAP.key] ?? '';
    if (text === this.seen || this.ac.signal.aborted) return;
    this.seen = text;
    this.chain = this.chain.then(() => this.apply()).catch((e) => this.o.log(String(e)));
  }

  private async apply(): Promise<void> {
    const o = this.o;
    const choice = await chooseNodeBackend(o.client, {
      clusterCIDR: o.clusterCIDR,
      nodeIPs: [o.nodeIP],
    });
    if (choice.fallback) {
      o.log(choice.fallback);
      const node = await o.client.resource<Node>(NODES).get(o.nodeName);
      this.recorder.event(
        referenceTo({ ...node, apiVersion: 'v1', kind: 'Node' }),
        'Warning',
        choice.reason ?? 'ProxyModeFallback',
        choice.fallback,
      );
      await this.recorder.flush();
    }
    // Same backend as running: keep it (and its rules) rather than restart into the same mode.
    if (this.proxy?.backend.name === choice.backend.name) return;
    if (this.proxy) {
      o.log(`kube-proxy: switching from ${this.proxy.backend.name} to ${choice.backend.name} mode`);
      const old = this.proxy.backend.name;
      await this.proxy.stop();
      this.proxy = undefined;
      await cleanupKubeProxyRules();
      if (old === 'ipvs') await cleanupIpvs();
    }
    this.proxy = await startProxy({
      client: o.client,
      nodeName: o.nodeName,
      backend: choice.backend,
      clock: o.clock,
      trace: o.trace,
      minSyncPeriodMs: o.minSyncPeriodMs,
    });
  }
}
