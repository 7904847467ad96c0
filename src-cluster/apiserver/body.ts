/**
 * Reading and decoding request bodies. Limits and errors follow upstream: bodies over 3 MiB → 413,
 * unknown media types → 415, undecodable JSON/YAML → 400, never a crash.
 */
import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { ApiStatusError, badRequest, requestEntityTooLarge, unsupportedMediaType } from './status';
import { decodeKubernetesProtobuf, PROTOBUF_CONTENT_TYPE, ProtobufDecodeError } from './protobuf';

/** Upstream's request body limit (apiserver MaxRequestBodyBytes). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) {
    req.resume();
    throw requestEntityTooLarge(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      throw requestEntityTooLarge(limit);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The bare media type: "application/json" from "application/json; charset=utf-8". */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

const JSON_TYPES = new Set(['application/json', '']);
const YAML_TYPES = new Set(['application/yaml', 'application/x-yaml', 'text/yaml']);

/**
 * Decodes a create/update body into a plain object. `expectObject` rejects arrays and scalars, which
 * JSON allows but no Kubernetes object is.
 */
export function decodeObjectBody(body: Buffer, contentType: string | undefined): unknown {
  const mt = mediaType(contentType);
  if (JSON_TYPES.has(mt)) return decodeJson(body);
  if (YAML_TYPES.has(mt)) return decodeYaml(body);
  // kubectl 1.32's typed clients (create configmap, create deployment, …) send protobuf.
  if (mt === PROTOBUF_CONTENT_TYPE) return decodeProtobuf(body);
  throw unsupportedMediaType(contentType ?? '');
}

function decodeProtobuf(body: Buffer): unknown {
  try {
    return decodeKubernetesProtobuf(body);
  } catch (err) {
    if (err instanceof ProtobufDecodeError) {
      if (err.problem === 'malformed') {
        throw badRequest(
          `the body of the request could not be decoded as protobuf: ${err.message}`,
        );
      }
      throw new ApiStatusError(
        415,
        'UnsupportedMediaType',
        `${err.message}; send the object as JSON instead`,
      );
    }
    throw err;
  }
}

export function decodeJson(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') throw badRequest('the request body is empty: an object was expected');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw badRequest(
      `the body of the request could not be decoded as JSON: ${(err as Error).message}`,
    );
  }
}

function decodeYaml(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') throw badRequest('the request body is empty: an object was expected');
  try {
    return parseYaml(text, { maxAliasCount: 100 });
  } catch (err) {
    throw badRequest(
      `the body of the request could not be decoded as YAML: ${(err as Error).message}`,
    );
  }
}

export function requireObject(value: unknown, what = 'object'): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest(
      `the body must be a JSON ${what}, got ${Array.isArray(value) ? 'an array' : typeof value}`,
    );
  }
  return value as Record<string, unknown>;
}
