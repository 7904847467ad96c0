/** Proxying pods/<p>/log, exec and attach from the API server to the pod's kubelet. */
export { proxyPodSubresource } from './pod-proxy';
export { attachUpgradeProxy, proxyPodUpgrade } from './upgrade-proxy';
export { matchPodStreamPath, type PodStreamPath } from './paths';
export {
  resolveContainer,
  type KubeletClientOptions,
  type PodSubresource,
  type ProxyContext,
} from './kubelet-location';
