/**
 * A container's CRI security context from its own securityContext over the pod's (upstream's
 * determineEffectiveSecurityContext): runAsUser/runAsGroup (container wins), the pod's
 * supplementalGroups and fsGroup, privileged, readOnlyRootFilesystem, capabilities add/drop,
 * allowPrivilegeEscalation=false as no_new_privs, and the namespaces — the container's own PID
 * namespace (so its process is PID 1) unless shareProcessNamespace or hostPID, the pod's network
 * and IPC unless hostNetwork/hostIPC. Pure; a runAsNonRoot pod asking for uid 0 is a config error.
 */
import type { Container, Pod } from 'kubernetes-types/core/v1';
import type { LinuxContainerSecurityContext, NamespaceMode } from './cri/runtime-service';

export function podPidMode(pod: Pod): NamespaceMode {
  if (pod.spec?.hostPID) return 'NODE';
  return pod.spec?.shareProcessNamespace ? 'POD' : 'CONTAINER';
}

/** Whether the sandbox must be privileged (containerd refuses privileged containers otherwise). */
export function anyPrivileged(pod: Pod): boolean {
  const all = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  return all.some((c) => c.securityContext?.privileged);
}

export function containerSecurityContext(pod: Pod, c: Container): LinuxContainerSecurityContext {
  const psc = pod.spec?.securityContext ?? {};
  const sc = c.securityContext ?? {};
  const runAsUser = sc.runAsUser ?? psc.runAsUser;
  const runAsGroup = sc.runAsGroup ?? psc.runAsGroup;
  if ((sc.runAsNonRoot ?? psc.runAsNonRoot) && runAsUser === 0) {
    const m = pod.metadata!;
    throw new Error(
      `container's runAsUser breaks non-root policy (pod: "${m.name}_${m.namespace}(${m.uid})", container: ${c.name})`,
    );
  }
  const groups = [...(psc.supplementalGroups ?? [])];
  if (psc.fsGroup !== undefined && !groups.includes(psc.fsGroup)) groups.push(psc.fsGroup);
  return {
    capabilities:
      sc.capabilities &&
      ({
        addCapabilities: sc.capabilities.add ?? [],
        dropCapabilities: sc.capabilities.drop ?? [],
      } as LinuxContainerSecurityContext['capabilities']),
    privileged: !!sc.privileged,
    namespaceOptions: {
      network: pod.spec?.hostNetwork ? 'NODE' : 'POD',
      pid: podPidMode(pod),
      ipc: pod.spec?.hostIPC ? 'NODE' : 'POD',
    },
    runAsUser: runAsUser !== undefined ? { value: String(runAsUser) } : undefined,
    runAsGroup: runAsGroup !== undefined ? { value: String(runAsGroup) } : undefined,
    readonlyRootfs: !!sc.readOnlyRootFilesystem,
    supplementalGroups: groups.map(String),
    noNewPrivs: sc.allowPrivilegeEscalation === false,
  };
}
