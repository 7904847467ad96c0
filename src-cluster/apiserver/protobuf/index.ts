/** Public surface of the protobuf request-body decoder (see README.md). */
export {
  decodeKubernetesProtobuf,
  decodeKubernetesProtobufDetailed,
  PROTOBUF_CONTENT_TYPE,
  type DecodedProtobuf,
} from './decode';
export { ProtobufDecodeError, type ProtobufProblem } from './errors';
export type { UnknownField } from './message-decoder';
export { supportedKinds } from './schema/kinds';
