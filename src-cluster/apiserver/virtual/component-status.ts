/**
 * ComponentStatus (deprecated upstream, still printed by `kubectl get cs`): computed on every read
 * from real observations — the store answering, and the scheduler's and controller manager's leader
 * leases in kube-system being renewed.
 */
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Clock } from '../../../src-shared/util/clock';
import type { Store } from '../../store/store';
import type { Registry } from '../registry/registry';

interface Condition {
  type: 'Healthy';
  status: 'True' | 'False' | 'Unknown';
  message?: string;
  error?: string;
}

export interface ComponentStatus {
  kind: 'ComponentStatus';
  apiVersion: 'v1';
  metadata: { name: string };
  conditions: Condition[];
}

async function storeHealth(store: Store): Promise<Condition> {
  try {
    await store.get('/registry/health');
    return { type: 'Healthy', status: 'True', message: '{"health":"true"}' };
  } catch (err) {
    return { type: 'Healthy', status: 'False', error: (err as Error).message };
  }
}

async function leaseHealth(leases: Registry, name: string, clock: Clock): Promise<Condition> {
  try {
    const lease = (await leases.get('kube-system', name)) as Lease;
    const renew = Date.parse(lease.spec?.renewTime ?? '');
    const duration = (lease.spec?.leaseDurationSeconds ?? 15) * 1000;
    if (Number.isFinite(renew) && clock.now() - renew <= duration) {
      return { type: 'Healthy', status: 'True', message: 'ok' };
    }
    return { type: 'Healthy', status: 'False', error: `leader lease ${name} has not been renewed` };
  } catch {
    return { type: 'Healthy', status: 'Unknown', error: `no ${name} has taken its leader lease` };
  }
}

export async function componentStatuses(
  store: Store,
  leases: Registry,
  clock: Clock,
): Promise<ComponentStatus[]> {
  const cs = (name: string, c: Condition): ComponentStatus => ({
    kind: 'ComponentStatus',
    apiVersion: 'v1',
    metadata: { name },
    conditions: [c],
  });
  return [
    cs('controller-manager', await leaseHealth(leases, 'kube-controller-manager', clock)),
    cs('scheduler', await leaseHealth(leases, 'kube-scheduler', clock)),
    cs(store.name === 'etcd' ? 'etcd-0' : `${store.name}-0`, await storeHealth(store)),
  ];
}
