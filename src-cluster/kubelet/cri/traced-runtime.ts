/**
 * Wraps any CRI runtime so each call becomes a trace event kubelet → runtime (verb = the RPC name,
 * latency, outcome, the pod uid as causal id where the request names one). The live diagram draws
 * CRI traffic from these; the runtime itself stays trace-free.
 */
import type { TraceSink } from '../../../src-shared/trace';
import type { Clock } from '../../../src-shared/util/clock';
import { CriError } from './errors';

function podUidIn(req: unknown): string | undefined {
  const r = req as {
    config?: { metadata?: { uid?: string }; labels?: Record<string, string> };
    sandboxConfig?: { metadata?: { uid?: string } };
  };
  return (
    r?.config?.metadata?.uid ??
    r?.config?.labels?.['io.kubernetes.pod.uid'] ??
    r?.sandboxConfig?.metadata?.uid
  );
}

const containerIdIn = (x: unknown) => (x as { containerId?: unknown } | undefined)?.containerId;

const UPPER = (s: string) => s[0]!.toUpperCase() + s.slice(1);

export function tracedRuntime<T extends object>(
  runtime: T,
  trace: TraceSink,
  clock: Clock,
  nodeName: string,
): T {
  // Calls that name only a container (StartContainer, StopContainer, …) carry its pod's uid too:
  // remembered from the CreateContainer that made it, so a pod's whole CRI story shares one id.
  const podOfContainer = new Map<string, string>();
  return new Proxy(runtime, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (typeof v !== 'function' || typeof prop !== 'string') return v;
      // Only the CRI calls (request object in, promise out) are traced.
      return (...args: unknown[]) => {
        const out = (v as (...a: unknown[]) => unknown).apply(target, args);
        if (!(out instanceof Promise)) return out;
        const start = clock.now();
        const cid = containerIdIn(args[0]);
        const causalId =
          podUidIn(args[0]) ?? (typeof cid === 'string' ? podOfContainer.get(cid) : undefined);
        const emit = (outcome: string) =>
          trace.emit({
            time: start,
            from: { component: 'kubelet', instance: nodeName },
            to: { component: 'runtime', instance: nodeName },
            verb: UPPER(prop),
            latencyMs: clock.now() - start,
            outcome,
            causalId,
          });
        return out.then(
          (r) => {
            const made = containerIdIn(r);
            if (prop === 'createContainer' && causalId && typeof made === 'string')
              podOfContainer.set(made, causalId);
            if (prop === 'removeContainer' && typeof cid === 'string') podOfContainer.delete(cid);
            emit('ok');
            return r;
          },
          (e) => {
            emit(e instanceof CriError ? e.code : 'error');
            throw e;
          },
        );
      };
    },
  });
}
