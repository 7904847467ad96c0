/**
 * The least the client needs of an object: type meta and metadata. Deliberately structural and
 * without an index signature, so kubernetes-types interfaces (Pod, Node …) satisfy it directly.
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1';

/** Any Kubernetes object as the client handles it. */
export interface ClientObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}
