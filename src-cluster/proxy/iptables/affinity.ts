/**
 * ClientIP session-affinity timeouts per Service ("ns/name" → seconds), from
 * spec.sessionAffinityConfig.clientIP.timeoutSeconds; Services without one use the default (the
 * renderers fall back to 10800 s). Shared by the iptables (`recent --seconds`) and IPVS
 * (`persistent` timeout) renderers.
 */
import type { Service } from 'kubernetes-types/core/v1';

export function affinityTimeouts(services: readonly Service[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of services) {
    const t = s.spec?.sessionAffinityConfig?.clientIP?.timeoutSeconds;
    if (t !== undefined) out.set(`${s.metadata?.namespace ?? ''}/${s.metadata?.name ?? ''}`, t);
  }
  return out;
}
