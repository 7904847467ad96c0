/**
 * core/v1 container definitions: Container and what hangs off it (ports, env, mounts, resources,
 * probes, lifecycle hooks). Patch extensions follow upstream's struct tags so client-side apply
 * merges containers by name, env by name, ports by containerPort and mounts by mountPath.
 */
import {
  CORE,
  bool,
  int,
  intOrString,
  long,
  loose,
  mergeBy,
  quantity,
  quantityMap,
  ref,
  refList,
  str,
  strList,
  struct,
  type Definitions,
  type Schema,
} from './builder';

const C = CORE;

/** The fields Container and EphemeralContainer share. */
const CONTAINER_FIELDS: Record<string, Schema> = {
  args: strList('Arguments passed to the entrypoint; replaces the image CMD when set.'),
  command: strList('The entrypoint to run; replaces the image ENTRYPOINT when set.'),
  env: refList(C + 'EnvVar', 'Environment variables set in the container.', mergeBy('name')),
  envFrom: refList(
    C + 'EnvFromSource',
    'ConfigMaps or Secrets whose every key becomes an environment variable.',
  ),
  image: str('The container image to run, e.g. nginx:1.27 or registry/app@sha256:…'),
  imagePullPolicy: str('When to pull the image: Always, IfNotPresent or Never.'),
  lifecycle: ref(C + 'Lifecycle', 'Hooks the kubelet runs right after start and before stop.'),
  livenessProbe: ref(C + 'Probe', 'Check whose repeated failure makes the kubelet restart it.'),
  name: str('The container name, unique within the pod (a DNS label).'),
  ports: refList(
    C + 'ContainerPort',
    'Ports the container listens on; informational, but named ports can be targeted.',
    mergeBy('containerPort'),
  ),
  readinessProbe: ref(C + 'Probe', 'Check that decides whether the pod receives Service traffic.'),
  resizePolicy: refList(
    C + 'ContainerResizePolicy',
    'Whether changing a resource in place needs a container restart.',
  ),
  resources: ref(C + 'ResourceRequirements', 'CPU and memory the container asks for and may use.'),
  restartPolicy: str('For init containers only: Always turns it into a sidecar.'),
  securityContext: ref(C + 'SecurityContext', 'Privileges and identity the container runs with.'),
  startupProbe: ref(
    C + 'Probe',
    'Check that must pass before liveness and readiness probes begin; for slow starters.',
  ),
  stdin: bool('Keep a stdin stream open for attach.'),
  stdinOnce: bool('Close stdin after the first attach session ends.'),
  terminationMessagePath: str('File whose content becomes the termination message.'),
  terminationMessagePolicy: str(
    'File or FallbackToLogsOnError: where the termination message comes from.',
  ),
  tty: bool('Allocate a terminal for the container; usually with stdin.'),
  volumeDevices: refList(
    C + 'VolumeDevice',
    'Raw block volumes exposed to the container as devices.',
    mergeBy('devicePath'),
  ),
  volumeMounts: refList(
    C + 'VolumeMount',
    'Volumes of the pod mounted into this container’s filesystem.',
    mergeBy('mountPath'),
  ),
  workingDir: str('The directory the entrypoint starts in; defaults to the image’s.'),
};

export const CONTAINER_DEFINITIONS: Definitions = {
  [C + 'Container']: struct(
    'One application container of a pod: image, command, environment, ports and checks.',
    CONTAINER_FIELDS,
    ['name'],
  ),
  [C + 'EphemeralContainer']: struct(
    'A temporary container added to a running pod for debugging (kubectl debug).',
    {
      ...CONTAINER_FIELDS,
      targetContainerName: str('The container whose process namespace this one joins.'),
    },
    ['name'],
  ),
  [C + 'ContainerPort']: struct(
    'A network port a container listens on.',
    {
      containerPort: int('The port number inside the container’s network namespace.'),
      hostIP: str('Host address to bind hostPort to.'),
      hostPort: int('Port to expose on the node as well; rarely needed.'),
      name: str('A name Services can refer to instead of the number.'),
      protocol: str('TCP (default), UDP or SCTP.'),
    },
    ['containerPort'],
  ),
  [C + 'EnvVar']: struct(
    'One environment variable, given literally or taken from another source.',
    {
      name: str('The variable name.'),
      value: str('The literal value; $(OTHER) expands earlier variables.'),
      valueFrom: ref(C + 'EnvVarSource', 'Where to read the value from instead of a literal.'),
    },
    ['name'],
  ),
  [C + 'EnvVarSource']: struct('A source for one environment variable’s value.', {
    configMapKeyRef: ref(C + 'ConfigMapKeySelector', 'A key of a ConfigMap.'),
    fieldRef: ref(C + 'ObjectFieldSelector', 'A field of the pod, e.g. metadata.name.'),
    resourceFieldRef: ref(
      C + 'ResourceFieldSelector',
      'A resource request or limit of a container.',
    ),
    secretKeyRef: ref(C + 'SecretKeySelector', 'A key of a Secret.'),
  }),
  [C + 'EnvFromSource']: struct('A whole ConfigMap or Secret imported as variables.', {
    configMapRef: ref(C + 'ConfigMapEnvSource', 'The ConfigMap to import.'),
    prefix: str('Text prepended to every imported variable name.'),
    secretRef: ref(C + 'SecretEnvSource', 'The Secret to import.'),
  }),
  [C + 'ConfigMapKeySelector']: struct(
    'Selects one key of a ConfigMap in the pod’s namespace.',
    {
      key: str('The key to read.'),
      name: str('Name of the ConfigMap.'),
      optional: bool('Start the container even if the ConfigMap or key is missing.'),
    },
    ['key'],
  ),
  [C + 'SecretKeySelector']: struct(
    'Selects one key of a Secret in the pod’s namespace.',
    {
      key: str('The key to read.'),
      name: str('Name of the Secret.'),
      optional: bool('Start the container even if the Secret or key is missing.'),
    },
    ['key'],
  ),
  [C + 'ObjectFieldSelector']: struct(
    'Selects a field of the pod object.',
    {
      apiVersion: str('Version the field path is written against; v1 by default.'),
      fieldPath: str('Path of the field, e.g. metadata.namespace or status.podIP.'),
    },
    ['fieldPath'],
  ),
  [C + 'ResourceFieldSelector']: struct(
    'Selects a container’s resource request or limit.',
    {
      containerName: str('The container to read from; required for volumes.'),
      divisor: quantity('Unit the value is divided by before it is exposed.'),
      resource: str('Which value, e.g. limits.cpu or requests.memory.'),
    },
    ['resource'],
  ),
  [C + 'ConfigMapEnvSource']: struct('A ConfigMap imported into the environment.', {
    name: str('Name of the ConfigMap.'),
    optional: bool('Start the container even if the ConfigMap is missing.'),
  }),
  [C + 'SecretEnvSource']: struct('A Secret imported into the environment.', {
    name: str('Name of the Secret.'),
    optional: bool('Start the container even if the Secret is missing.'),
  }),
  [C + 'VolumeMount']: struct(
    'Mounts one of the pod’s volumes at a path inside the container.',
    {
      mountPath: str('Where in the container the volume appears.'),
      mountPropagation: str('Whether mounts propagate between host and container.'),
      name: str('Name of the pod volume to mount.'),
      readOnly: bool('Mount read-only.'),
      recursiveReadOnly: str('Whether read-only applies to submounts too.'),
      subPath: str('Mount only this path inside the volume.'),
      subPathExpr: str('Like subPath, with $(VAR) expanded from the environment.'),
    },
    ['mountPath', 'name'],
  ),
  [C + 'VolumeDevice']: struct(
    'Exposes a raw block volume as a device.',
    {
      devicePath: str('Device path inside the container.'),
      name: str('The persistentVolumeClaim volume to expose.'),
    },
    ['devicePath', 'name'],
  ),
  [C + 'ResourceRequirements']: struct('Compute resources a container asks for and may use.', {
    claims: refList(C + 'ResourceClaim', 'Dynamically allocated resources this container uses.'),
    limits: quantityMap('The most the container may use (cpu, memory …); enforced.'),
    requests: quantityMap('What the scheduler reserves for the container (cpu, memory …).'),
  }),
  [C + 'ResourceClaim']: loose('Names a resource claim of the pod that a container uses.'),
  [C + 'Probe']: struct('A periodic health check the kubelet runs against a container.', {
    exec: ref(C + 'ExecAction', 'Run a command; exit code 0 is success.'),
    failureThreshold: int('Consecutive failures before the probe counts as failed.'),
    grpc: ref(C + 'GRPCAction', 'Call the standard gRPC health service.'),
    httpGet: ref(C + 'HTTPGetAction', 'Send an HTTP GET; 2xx and 3xx are success.'),
    initialDelaySeconds: int('Seconds to wait after start before the first check.'),
    periodSeconds: int('Seconds between checks.'),
    successThreshold: int('Consecutive successes before a failed probe counts as passing.'),
    tcpSocket: ref(C + 'TCPSocketAction', 'Open a TCP connection; connecting is success.'),
    terminationGracePeriodSeconds: long('Grace period used when this probe kills the container.'),
    timeoutSeconds: int('Seconds one check may take.'),
  }),
  [C + 'HTTPGetAction']: struct(
    'An HTTP GET request made by the kubelet.',
    {
      host: str('Host to connect to; defaults to the pod IP.'),
      httpHeaders: refList(C + 'HTTPHeader', 'Extra request headers.'),
      path: str('Request path.'),
      port: intOrString('Port number or container port name.'),
      scheme: str('HTTP (default) or HTTPS.'),
    },
    ['port'],
  ),
  [C + 'HTTPHeader']: struct(
    'One HTTP header.',
    { name: str('Header name.'), value: str('Header value.') },
    ['name', 'value'],
  ),
  [C + 'TCPSocketAction']: struct(
    'A TCP connection attempt made by the kubelet.',
    {
      host: str('Host to connect to; defaults to the pod IP.'),
      port: intOrString('Port number or container port name.'),
    },
    ['port'],
  ),
  [C + 'ExecAction']: struct('A command run inside the container.', {
    command: strList('The command and its arguments; not run through a shell.'),
  }),
  [C + 'GRPCAction']: struct(
    'A gRPC health check.',
    {
      port: int('Port of the gRPC service.'),
      service: str('Service name passed in the health request.'),
    },
    ['port'],
  ),
  [C + 'Lifecycle']: struct('Hooks run at container start and stop.', {
    postStart: ref(C + 'LifecycleHandler', 'Runs right after the container starts.'),
    preStop: ref(C + 'LifecycleHandler', 'Runs before the container is stopped.'),
  }),
  [C + 'LifecycleHandler']: struct('One lifecycle hook action; set exactly one field.', {
    exec: ref(C + 'ExecAction', 'Run a command in the container.'),
    httpGet: ref(C + 'HTTPGetAction', 'Send an HTTP GET.'),
    sleep: ref(C + 'SleepAction', 'Wait for a while.'),
    tcpSocket: ref(C + 'TCPSocketAction', 'Deprecated; accepted but does nothing.'),
  }),
  [C + 'SleepAction']: struct(
    'Pause for a number of seconds.',
    { seconds: long('How long to sleep.') },
    ['seconds'],
  ),
  [C + 'ContainerResizePolicy']: struct(
    'What happens when one resource of a running container is resized.',
    {
      resourceName: str('cpu or memory.'),
      restartPolicy: str('NotRequired or RestartContainer.'),
    },
    ['resourceName', 'restartPolicy'],
  ),
  [C + 'SecurityContext']: loose(
    'Privileges of one container: user and group ids, capabilities, privileged mode, seccomp.',
  ),
};
