/**
 * Public surface of the API client. Components import from here ('../client') rather than from
 * individual files, so the internals can move without touching every caller.
 */
import type { Clock } from '../../src-shared/util/clock';
import type { TraceSink } from '../../src-shared/trace';
import { ApiClient } from './client';
import { HttpTransport } from './http-transport';
import { loadKubeconfigFile } from './kubeconfig';

export { ApiClient, CAUSAL_ID_HEADER } from './client';
export type { ApiClientOptions, CallOptions, RawRequest, RequestMeta } from './client';
export { ResourceClient } from './resource-client';
export type {
  DeleteOptions,
  ListOptions,
  ObjectList,
  PatchOptions,
  PatchType,
  SelectorOptions,
  WatchOptions,
  WriteOptions,
} from './resource-client';
export type { Watch, WatchEvent, WatchEventType } from './watch';
export { WatchDecodeError } from './watch';
export type { ClientObject } from './types';
export { apiVersionOf, resourcePath } from './paths';
export type { ResourceRef } from './paths';
export * from './errors';
export { TransportError } from './transport';
export type { StreamResponse, Transport, TransportRequest, TransportResponse } from './transport';
export { HttpTransport } from './http-transport';
export type { HttpTransportOptions } from './http-transport';
export { KubeconfigError, loadKubeconfigFile, resolveKubeconfig } from './kubeconfig';
export type { ResolvedKubeconfig } from './kubeconfig';
export { Reflector } from './informer/reflector';
export type { ListerWatcher, ReflectorOptions, ReflectorSink } from './informer/reflector';
export { SharedInformer } from './informer/shared-informer';
export type {
  DeleteInfo,
  EventHandler,
  HandlerRegistration,
  SharedInformerOptions,
} from './informer/shared-informer';
export { SharedInformerFactory } from './informer/factory';
export type { InformerRequest, SharedInformerFactoryOptions } from './informer/factory';
export { Indexer, NAMESPACE_INDEX, fieldIndexFunc, namespaceIndexFunc } from './informer/indexer';
export type { IndexFunc, ReadonlyIndexer } from './informer/indexer';
export { Lister } from './informer/lister';
export type { ListerQuery } from './informer/lister';
export { deepFreeze, keyOf, objectKey, splitKey } from './informer/keys';
export { labelSelectorMatches } from './informer/label-selector';
export { WorkQueue } from './workqueue/workqueue';
export type { Queue } from './workqueue/workqueue';
export { DelayingQueue } from './workqueue/delaying-queue';
export { RateLimitingQueue } from './workqueue/rate-limiting-queue';
export {
  BucketRateLimiter,
  ItemExponentialFailureRateLimiter,
  MaxOfRateLimiter,
  defaultControllerRateLimiter,
} from './workqueue/rate-limiter';
export type { RateLimiter } from './workqueue/rate-limiter';
export { sleep } from './sleep';

/**
 * Builds a client from a kubeconfig file (current-context unless `context` is given).
 * Returns the context's namespace too; call close() to release the connection pool.
 */
export function clientFromKubeconfig(
  file: string,
  opts: { component: string; context?: string; trace?: TraceSink; clock?: Clock },
): { client: ApiClient; namespace: string; close(): void } {
  const kc = loadKubeconfigFile(file, opts.context);
  const transport = new HttpTransport(kc.transport);
  const client = new ApiClient({
    transport,
    component: opts.component,
    trace: opts.trace,
    clock: opts.clock,
  });
  return { client, namespace: kc.namespace, close: () => transport.close() };
}
