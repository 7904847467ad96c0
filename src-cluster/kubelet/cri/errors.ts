/**
 * CRI failures as the gRPC statuses a real runtime returns, so the kubelet treats the sim and
 * containerd alike: NotFound for unknown ids, Unavailable when the runtime is down (the socket
 * refuses connections), Unknown for anything else (image pull failures arrive as Unknown with the
 * registry's message).
 */
export type CriErrorCode = 'NotFound' | 'Unavailable' | 'Unknown' | 'DeadlineExceeded';

export class CriError extends Error {
  override readonly name = 'CriError';
  constructor(
    readonly code: CriErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const isCriNotFound = (e: unknown): boolean =>
  e instanceof CriError && e.code === 'NotFound';
export const isCriUnavailable = (e: unknown): boolean =>
  e instanceof CriError && e.code === 'Unavailable';
