/**
 * The one error type of the protobuf decoder. `problem` lets the API server choose the HTTP answer
 * without parsing messages: a body that is not a Kubernetes protobuf envelope at all, or names a kind
 * this server has no schema for, is an unsupported media type (415) — the client can retry with JSON;
 * a body that claims to be protobuf but is broken is a bad request (400).
 */
export type ProtobufProblem = 'bad-magic' | 'unknown-kind' | 'malformed';

export class ProtobufDecodeError extends Error {
  constructor(
    readonly problem: ProtobufProblem,
    message: string,
  ) {
    super(message);
    this.name = 'ProtobufDecodeError';
  }
}

/** Shorthand for the most common case: bytes that do not parse. */
export function malformed(message: string): ProtobufDecodeError {
  return new ProtobufDecodeError('malformed', message);
}
