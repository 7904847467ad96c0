/**
 * Pod and pod-template defaults (upstream's core/v1 defaulting): pod-level policies, container
 * pull policy by tag, termination message, ports, probes, volumes. `defaultPodSpec` serves pods and
 * every workload template; `defaultPod` adds the pod-only defaults (service links, requests).
 */
import type {
  Container,
  HTTPGetAction,
  LifecycleHandler,
  Pod,
  PodSpec,
  Probe,
  Volume,
} from 'kubernetes-types/core/v1';

/**
 * The tag of an image reference: "nginx" → "latest", "nginx:1.25" → "1.25",
 * "host:5000/app" → "latest", "app@sha256:…" → "" (pinned by digest, no implied tag).
 */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = name.lastIndexOf('/');
  const colon = name.indexOf(':', lastSlash + 1);
  if (colon >= 0) return name.slice(colon + 1);
  return at >= 0 ? '' : 'latest';
}

/** "Always" for :latest or untagged images, otherwise "IfNotPresent". */
export function defaultPullPolicy(image: string): string {
  return imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultHTTPGet(h: HTTPGetAction | undefined): void {
  if (!h) return;
  h.path ||= '/';
  h.scheme ||= 'HTTP';
}

function defaultProbe(p: Probe | undefined): void {
  if (!p) return;
  p.timeoutSeconds ??= 1;
  p.periodSeconds ??= 10;
  p.successThreshold ??= 1;
  p.failureThreshold ??= 3;
  defaultHTTPGet(p.httpGet);
}

function defaultHandler(h: LifecycleHandler | undefined): void {
  defaultHTTPGet(h?.httpGet);
}

function defaultContainer(c: Container, hostNetwork: boolean): void {
  if (!c.imagePullPolicy && c.image) c.imagePullPolicy = defaultPullPolicy(c.image);
  c.terminationMessagePath ||= '/dev/termination-log';
  c.terminationMessagePolicy ||= 'File';
  for (const port of c.ports ?? []) {
    port.protocol ||= 'TCP';
    if (hostNetwork && !port.hostPort) port.hostPort = port.containerPort;
  }
  for (const e of c.env ?? []) {
    const fr = e.valueFrom?.fieldRef;
    if (fr) fr.apiVersion ||= 'v1';
  }
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  defaultHandler(c.lifecycle?.postStart);
  defaultHandler(c.lifecycle?.preStop);
}

const FILE_MODE_0644 = 0o644;

function defaultVolume(v: Volume): void {
  const sources = Object.keys(v).filter((k) => k !== 'name');
  if (sources.length === 0) v.emptyDir = {};
  if (v.secret) v.secret.defaultMode ??= FILE_MODE_0644;
  if (v.configMap) v.configMap.defaultMode ??= FILE_MODE_0644;
  if (v.downwardAPI) v.downwardAPI.defaultMode ??= FILE_MODE_0644;
  if (v.projected) {
    v.projected.defaultMode ??= FILE_MODE_0644;
    for (const s of v.projected.sources ?? []) {
      if (s.serviceAccountToken) s.serviceAccountToken.expirationSeconds ??= 3600;
    }
  }
  if (v.hostPath) v.hostPath.type ??= '';
}

/** Defaults a PodSpec in place (pods and the templates of Deployment, ReplicaSet, DaemonSet, Job). */
export function defaultPodSpec(spec: PodSpec): void {
  spec.restartPolicy ||= 'Always';
  spec.dnsPolicy ||= 'ClusterFirst';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.schedulerName ||= 'default-scheduler';
  spec.securityContext ??= {};
  const hostNetwork = spec.hostNetwork === true;
  for (const c of spec.initContainers ?? []) defaultContainer(c, hostNetwork);
  for (const c of spec.containers ?? []) defaultContainer(c, hostNetwork);
  for (const v of spec.volumes ?? []) defaultVolume(v);
}

/** Copies each limit into requests where that request is unset (what a user sees after create). */
function requestsFromLimits(c: Container): void {
  const limits = c.resources?.limits;
  if (!limits || !c.resources) return;
  const requests = (c.resources.requests ??= {});
  for (const [k, v] of Object.entries(limits)) if (!(k in requests)) requests[k] = v;
}

/** Defaults a Pod in place: the PodSpec defaults plus enableServiceLinks and requests-from-limits. */
export function defaultPod(pod: Pod): void {
  const spec = (pod.spec ??= { containers: [] });
  defaultPodSpec(spec);
  spec.enableServiceLinks ??= true;
  for (const c of spec.initContainers ?? []) requestsFromLimits(c);
  for (const c of spec.containers ?? []) requestsFromLimits(c);
}
