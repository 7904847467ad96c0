/**
 * The Kubernetes protobuf envelope: 4 magic bytes "k8s\0", then a runtime.Unknown message
 *   1 typeMeta        {1 apiVersion, 2 kind}   (runtime.TypeMeta — note: the reverse of meta/v1's)
 *   2 raw             the object's own message
 *   3 contentEncoding (unused by clients; anything but "" is refused)
 *   4 contentType     ("" means raw is protobuf)
 */
import { malformed, ProtobufDecodeError } from './errors';
import { readFields } from './wire';

export const PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

export interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Buffer;
  contentEncoding: string;
  contentType: string;
}

function text(value: Buffer | bigint, what: string): string {
  if (typeof value === 'bigint') throw malformed(`envelope: ${what} should be a string`);
  return value.toString('utf8');
}

export function readEnvelope(body: Buffer): Envelope {
  if (body.length < PROTOBUF_MAGIC.length || !body.subarray(0, 4).equals(PROTOBUF_MAGIC)) {
    throw new ProtobufDecodeError(
      'bad-magic',
      `the body is not a Kubernetes protobuf object: it must start with the bytes "k8s\\0" (got ${JSON.stringify(body.subarray(0, 4).toString('latin1'))})`,
    );
  }
  const env: Envelope = {
    apiVersion: '',
    kind: '',
    raw: Buffer.alloc(0),
    contentEncoding: '',
    contentType: '',
  };
  for (const f of readFields(body.subarray(PROTOBUF_MAGIC.length))) {
    if (f.number === 1) {
      if (f.wireType !== 2) throw malformed('envelope: typeMeta should be a message');
      for (const t of readFields(f.value)) {
        if (t.number === 1) env.apiVersion = text(t.value, 'apiVersion');
        else if (t.number === 2) env.kind = text(t.value, 'kind');
      }
    } else if (f.number === 2) {
      if (f.wireType !== 2) throw malformed('envelope: raw should be bytes');
      env.raw = f.value;
    } else if (f.number === 3) env.contentEncoding = text(f.value, 'contentEncoding');
    else if (f.number === 4) env.contentType = text(f.value, 'contentType');
  }
  if (!env.kind || !env.apiVersion) {
    throw malformed(
      `envelope: the object has no ${env.kind ? 'apiVersion' : 'kind'} in its typeMeta`,
    );
  }
  return env;
}
