/**
 * Leases and ComponentStatuses: who holds leadership, and whether the control plane says it is
 * healthy. Both answer "is the control plane working?" in labs.
 */
import type { ComponentStatus } from 'kubernetes-types/core/v1';
import type { Lease } from 'kubernetes-types/coordination/v1';
import { AGE_COLUMN, column, nameColumn } from './columns';
import { ageSince } from './duration';
import { definePrinter } from './table';

export const leasePrinter = definePrinter<Lease>(
  [nameColumn(), column('Holder', 'Identity of the current lease holder.'), AGE_COLUMN],
  (lease, now) => [
    lease.metadata?.name ?? '',
    lease.spec?.holderIdentity ?? '',
    ageSince(lease.metadata?.creationTimestamp, now),
  ],
);

/** Computed on every read, so an age would be meaningless: upstream prints none. */
export const componentStatusPrinter = definePrinter<ComponentStatus>(
  [
    nameColumn(),
    column('Status', 'Healthy or Unhealthy, from the Healthy condition.'),
    column('Message', 'What the health check returned.'),
    column('Error', 'Why the health check failed, if it did.'),
  ],
  (cs) => {
    const healthy = (cs.conditions ?? []).find((c) => c.type === 'Healthy');
    return [
      cs.metadata?.name ?? '',
      healthy ? (healthy.status === 'True' ? 'Healthy' : 'Unhealthy') : 'Unknown',
      healthy?.message ?? '',
      healthy?.error ?? '',
    ];
  },
);
