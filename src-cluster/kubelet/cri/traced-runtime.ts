/**
 * Wraps any CRI runtime so each call becomes a trace event kubelet → runtime (verb = the RPC name,
 * latency, outcome, the pod uid as causal id where the request names one). The live diagram draws
 * CRI traffic from these; the runtime itself stays trace-free.
 */
import type { TraceSink } from '../../../src-shared/trace';
import type { Clock } from '../../../src-shared/util/clock';
import { CriError } from './errors';

function podUidIn(req: unknown): string | undefined {
  const r = req as { config?: { metadata?: { uid?: string }; labels?: Record<string, string> } };
  return r?.config?.metadata?.uid ?? r?.config?.labels?.['io.kubernetes.pod.uid'];
}

const UPPER = (s: string) => s[0]!.toUpperCase() + s.slice(1);

export function tracedRuntime<T extends object>(
  runtime: T,
  trace: TraceSink,
  clock: Clock,
  nodeName: string,
): T {
  return new Proxy(runtime, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (typeof v !== 'function' || typeof prop !== 'string') return v;
      // Only the CRI calls (request object in, promise out) are traced.
      return (...args: unknown[]) => {
        const out = (v as (...a: unknown[]) => unknown).apply(target, args);
        if (!(out instanceof Promise)) return out;
        const start = clock.now();
        const emit = (outcome: string) =>
          trace.emit({
            time: start,
            from: { component: 'kubelet', instance: nodeName },
            to: { component: 'runtime', instance: nodeName },
            verb: UPPER(prop),
            latencyMs: clock.now() - start,
            outcome,
            causalId: podUidIn(args[0]),
          });
        return out.then(
          (r) => (emit('ok'), r),
          (e) => {
            emit(e instanceof CriError ? e.code : 'error');
            throw e;
          },
        );
      };
    },
  });
}
