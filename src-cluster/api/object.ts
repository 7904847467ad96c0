/**
 * The generic shape of every Kubernetes object as the API machinery sees it. Concrete kinds use the
 * upstream field names exactly (types from `kubernetes-types`); the machinery only needs metadata.
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1';

/** ObjectMeta as the server writes it (kubernetes-types marks every field readonly). */
export type MutableObjectMeta = { -readonly [K in keyof ObjectMeta]: ObjectMeta[K] };

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: MutableObjectMeta;
  [field: string]: unknown;
}

/** A KubeObject whose metadata is present (the API server guarantees this for stored objects). */
export type StoredObject = KubeObject & { metadata: MutableObjectMeta };

/** One reason a field is invalid, as carried in a 422 Status's details.causes. */
export interface FieldCause {
  reason:
    | 'FieldValueRequired'
    | 'FieldValueInvalid'
    | 'FieldValueNotSupported'
    | 'FieldValueDuplicate'
    | 'FieldValueTooLong'
    | 'FieldValueTooMany'
    | 'FieldValueForbidden'
    | 'FieldValueTypeInvalid';
  message: string;
  field: string;
}
