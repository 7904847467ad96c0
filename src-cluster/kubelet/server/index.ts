/** The kubelet's streaming server (logs, exec, attach) and the ContainerStreamer seam. */
export {
  createKubeletServer,
  type KubeletServer,
  type KubeletServerOptions,
} from './kubelet-server';
export {
  StreamerError,
  type ContainerStreamer,
  type ExecIO,
  type ExecResult,
  type LogOptions,
  type ResizeEvents,
  type TerminalSize,
} from './streamer';
