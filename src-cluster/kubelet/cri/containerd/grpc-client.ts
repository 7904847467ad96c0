/**
 * The gRPC plumbing under ContainerdRuntime: loads kubelab's own runtime.v1 proto
 * (`cri/proto/runtime-v1.proto`) with the proto-loader options the CRI role interfaces assume
 * (camelCase fields, int64 as decimal strings, enums as names, defaults filled in) and turns every
 * unary call into a promise with a deadline. gRPC failures become CriErrors so the kubelet treats
 * containerd and the sim alike (NotFound, Unavailable when the socket is down, …).
 */
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { CriError, type CriErrorCode } from '../errors';

/** Where the proto lives next to the sources; a bundled build passes its own path. */
export const DEFAULT_PROTO_PATH = fileURLToPath(
  new URL('../proto/runtime-v1.proto', import.meta.url),
);

type Callback = (err: grpc.ServiceError | null, res: unknown) => void;
type UnaryMethod = (
  req: unknown,
  meta: grpc.Metadata,
  opts: grpc.CallOptions,
  cb: Callback,
) => void;

export interface CriClients {
  runtime: grpc.Client;
  image: grpc.Client;
}

/** `socket` is a path ("/run/containerd/containerd.sock") or a "unix://" address. */
export function connectCri(socket: string, protoPath = DEFAULT_PROTO_PATH): CriClients {
  const def = protoLoader.loadSync(protoPath, {
    keepCase: false,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const pkg = grpc.loadPackageDefinition(def) as unknown as {
    runtime: { v1: Record<string, grpc.ServiceClientConstructor> };
  };
  const address = socket.startsWith('unix:') ? socket : `unix://${socket}`;
  const creds = grpc.credentials.createInsecure();
  const svc = pkg.runtime.v1;
  return {
    runtime: new svc.RuntimeService!(address, creds),
    image: new svc.ImageService!(address, creds),
  };
}

const CODES: Partial<Record<number, CriErrorCode>> = {
  [grpc.status.NOT_FOUND]: 'NotFound',
  [grpc.status.UNAVAILABLE]: 'Unavailable',
  [grpc.status.DEADLINE_EXCEEDED]: 'DeadlineExceeded',
};

/** A gRPC error as the CriError the kubelet understands; the message is containerd's own text. */
export function toCriError(method: string, e: unknown): CriError {
  const err = e as Partial<grpc.ServiceError>;
  const code = (typeof err.code === 'number' && CODES[err.code]) || 'Unknown';
  return new CriError(code, err.details || err.message || `${method} failed`);
}

/** One unary call; rejects with a CriError. `timeoutMs` becomes the gRPC deadline. */
export function unary<Res>(
  client: grpc.Client,
  method: string,
  req: object,
  timeoutMs: number,
): Promise<Res> {
  const fn = (client as unknown as Record<string, UnaryMethod>)[method];
  if (!fn) return Promise.reject(new CriError('Unknown', `no CRI method ${method} in the proto`));
  return new Promise((resolve, reject) => {
    fn.call(client, req, new grpc.Metadata(), { deadline: Date.now() + timeoutMs }, (err, res) =>
      err ? reject(toCriError(method, err)) : resolve(res as Res),
    );
  });
}
