/**
 * events.k8s.io/v1 Events are stored once, as core/v1 Events under /registry/events; this codec
 * converts at the registry boundary so both APIs see the same objects.
 */
import type { KubeObject, StoredObject } from '../../../api/object';
import { coreEventToEventsV1, eventsV1ToCoreEvent } from '../../../api/conversion/events';
import type { Codec } from '../registry';

export const eventsV1Codec: Codec = {
  toStorage(obj: KubeObject): KubeObject {
    const core = eventsV1ToCoreEvent(obj) as KubeObject;
    return { ...core, apiVersion: 'v1', kind: 'Event' };
  },
  fromStorage(obj: StoredObject): StoredObject {
    const ev = coreEventToEventsV1(obj) as StoredObject;
    return { ...ev, metadata: obj.metadata, apiVersion: 'events.k8s.io/v1', kind: 'Event' };
  },
};
