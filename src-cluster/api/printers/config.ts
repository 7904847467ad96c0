/**
 * ConfigMaps, Secrets and ServiceAccounts: configuration objects whose row is mostly a count.
 *
 * ServiceAccounts keep the SECRETS column (NAME, SECRETS, AGE). kubectl 1.20 — the client in the
 * node image — shows it, and newer servers dropped it only because token Secrets are no longer
 * created automatically. In kubelab the column reading 0 is itself a lesson: tokens are projected
 * into pods, not stored.
 */
import type { ConfigMap, Secret, ServiceAccount } from 'kubernetes-types/core/v1';
import { AGE_COLUMN, column, nameColumn } from './columns';
import { ageSince } from './duration';
import { definePrinter } from './table';

function keyCount(...maps: (Readonly<Record<string, string>> | undefined)[]): number {
  return new Set(maps.flatMap((m) => Object.keys(m ?? {}))).size;
}

export const configMapPrinter = definePrinter<ConfigMap>(
  [nameColumn(), column('Data', 'Number of keys in data and binaryData.', 'integer'), AGE_COLUMN],
  (cm, now) => [
    cm.metadata?.name ?? '',
    keyCount(cm.data) + keyCount(cm.binaryData),
    ageSince(cm.metadata?.creationTimestamp, now),
  ],
);

export const secretPrinter = definePrinter<Secret>(
  [
    nameColumn(),
    column('Type', 'Secret type, e.g. Opaque or kubernetes.io/tls.'),
    column('Data', 'Number of keys in the secret.', 'integer'),
    AGE_COLUMN,
  ],
  (secret, now) => [
    secret.metadata?.name ?? '',
    secret.type ?? 'Opaque',
    // stringData is write-only and merged into data on write; counting both covers either shape.
    keyCount(secret.data, secret.stringData),
    ageSince(secret.metadata?.creationTimestamp, now),
  ],
);

export const serviceAccountPrinter = definePrinter<ServiceAccount>(
  [
    nameColumn(),
    column('Secrets', 'Number of Secrets listed on the service account.', 'integer'),
    AGE_COLUMN,
  ],
  (sa, now) => [
    sa.metadata?.name ?? '',
    (sa.secrets ?? []).length,
    ageSince(sa.metadata?.creationTimestamp, now),
  ],
);
