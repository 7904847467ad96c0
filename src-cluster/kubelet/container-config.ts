/**
 * The CRI ContainerConfig for one container of a pod (upstream's generateContainerConfig): the
 * environment (env.ts), command and args with `$(VAR)` expanded, volume mounts (volumes/mounts.ts),
 * CPU shares / CFS quota / memory limit from its resources (resources.ts), who it runs as and its
 * namespaces (security-context.ts), the CRI labels the kubelet
 * finds it by again (also after a restart), and the log path `<name>/<attempt>.log`.
 *
 * Any failure here is a configuration problem of the pod (a missing ConfigMap, Secret or key, a bad
 * subPath): the caller shows it as CreateContainerConfigError and retries.
 */
import type { Container, Pod } from 'kubernetes-types/core/v1';
import type { ContainerConfig } from './cri/runtime-service';
import { LABELS } from './cri/runtime-service';
import type { ConfigSources } from './config-sources';
import { expandCommand, makeEnvironment } from './env';
import type { RuntimeFacts } from './field-path';
import { linuxResources } from './resources';
import { containerSecurityContext } from './security-context';
import { containerMounts } from './volumes/mounts';
import type { PodVolume } from './volumes/volume-manager';

export interface ContainerConfigInput {
  pod: Pod;
  container: Container;
  attempt: number;
  sources: ConfigSources;
  facts: RuntimeFacts;
  volumes: Map<string, PodVolume>;
  /** Whether volume paths exist on this node's disk (false under the sim runtime). */
  materialized: boolean;
}

export async function buildContainerConfig(
  i: ContainerConfigInput,
): Promise<{ config: ContainerConfig; warnings: { reason: string; message: string }[] }> {
  const { pod, container: c, attempt } = i;
  const m = pod.metadata!;
  const { envs, warnings } = await makeEnvironment(pod, c, i.sources, i.facts);
  const { command, args } = expandCommand(c, envs);
  const config: ContainerConfig = {
    metadata: { name: c.name, attempt },
    image: { image: c.image ?? '' },
    command,
    args,
    workingDir: c.workingDir,
    envs,
    mounts: containerMounts(c, i.volumes, envs, i.materialized),
    labels: {
      [LABELS.podUid]: m.uid!,
      [LABELS.podName]: m.name!,
      [LABELS.podNamespace]: m.namespace ?? 'default',
      [LABELS.containerName]: c.name,
    },
    annotations: { 'io.kubernetes.container.restartCount': String(attempt) },
    logPath: `${c.name}/${attempt}.log`,
    tty: c.tty,
    stdin: c.stdin,
    linux: {
      resources: linuxResources(c.resources),
      securityContext: containerSecurityContext(pod, c),
    },
  };
  return { config, warnings };
}
