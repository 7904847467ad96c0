/**
 * Decoding `application/vnd.kubernetes.protobuf` request bodies into the plain JSON objects the rest
 * of the API server works with. Responses stay JSON: clients that send protobuf also accept JSON.
 *
 * Contract of decodeKubernetesProtobuf(body):
 * - returns `{ apiVersion, kind, ...fields }` with upstream's JSON field names, unset fields and empty
 *   lists/maps omitted (so defaulting applies exactly as for a JSON body);
 * - throws ProtobufDecodeError: `bad-magic` (not a protobuf envelope), `unknown-kind` (no schema for
 *   that apiVersion/kind — answer 415 so the client can fall back to JSON), `malformed` (truncated or
 *   inconsistent bytes — answer 400). It never throws anything else for any input.
 * Unknown field numbers are skipped; decodeKubernetesProtobufDetailed reports them.
 */
import { malformed, ProtobufDecodeError } from './errors';
import { readEnvelope } from './envelope';
import { MessageDecoder, type JsonObject, type UnknownField } from './message-decoder';
import { messageForKind } from './schema/kinds';

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

export interface DecodedProtobuf {
  object: JsonObject;
  /** Fields skipped because no schema names them (or their wire type disagreed with it). */
  unknownFields: UnknownField[];
}

export function decodeKubernetesProtobufDetailed(body: Buffer): DecodedProtobuf {
  try {
    return decodeUnchecked(body);
  } catch (err) {
    if (err instanceof ProtobufDecodeError) throw err;
    // Defensive: a bug in a conversion must still surface as a 400, not a 500 with a stack.
    throw malformed(`the protobuf body could not be decoded: ${(err as Error).message}`);
  }
}

export function decodeKubernetesProtobuf(body: Buffer): JsonObject {
  return decodeKubernetesProtobufDetailed(body).object;
}

function decodeUnchecked(body: Buffer): DecodedProtobuf {
  const env = readEnvelope(body);
  if (env.contentEncoding !== '') {
    throw malformed(
      `content encoding "${env.contentEncoding}" of the protobuf body is not supported`,
    );
  }
  const head = { apiVersion: env.apiVersion, kind: env.kind };
  if (env.contentType !== '' && env.contentType !== PROTOBUF_CONTENT_TYPE) {
    if (env.contentType !== 'application/json') {
      throw malformed(`the envelope's content type "${env.contentType}" is not supported`);
    }
    return { object: { ...parseJsonObject(env.raw), ...head }, unknownFields: [] };
  }
  const message = messageForKind(env.apiVersion, env.kind);
  if (!message) {
    throw new ProtobufDecodeError(
      'unknown-kind',
      `unknown kind "${env.kind}" in apiVersion "${env.apiVersion}": kubelab cannot decode it from protobuf; send it as application/json`,
    );
  }
  const decoder = new MessageDecoder();
  const fields = decoder.decode(message, env.raw);
  return { object: { ...head, ...fields }, unknownFields: decoder.unknown };
}

function parseJsonObject(raw: Buffer): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    throw malformed('the envelope says its raw bytes are JSON, but they do not parse');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw malformed('the envelope holds JSON that is not an object');
  }
  return value as JsonObject;
}
