/**
 * core/v1 Event ⇄ events.k8s.io/v1 Event. Events are stored once, in the core/v1 shape; the API
 * server converts on the way in and out of events.k8s.io/v1. Field correspondences (upstream's):
 *   involvedObject ⇄ regarding, message ⇄ note, source.component ⇄ deprecatedSource.component,
 *   source.host ⇄ deprecatedSource.host, reportingComponent ⇄ reportingController,
 *   count ⇄ deprecatedCount, firstTimestamp ⇄ deprecatedFirstTimestamp,
 *   lastTimestamp ⇄ deprecatedLastTimestamp; eventTime, series, action, reason, type, related,
 *   reportingInstance keep their names. Metadata passes through unchanged.
 */
import type { Event as CoreEvent } from 'kubernetes-types/core/v1';
import type { Event as EventsV1 } from 'kubernetes-types/events/v1';
import type { KubeObject } from '../object';

/** Copies `value` into `out[key]` only when it is set, so absent fields stay absent. */
function put<T extends object, K extends keyof T>(out: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined && value !== null) out[key] = value;
}

/** Converts a stored core/v1 Event to the events.k8s.io/v1 shape (a new object; input untouched). */
export function coreEventToEventsV1(obj: KubeObject): EventsV1 & KubeObject {
  const ev = obj as unknown as CoreEvent;
  const out: EventsV1 = {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: structuredClone(ev.metadata ?? {}),
  } as EventsV1;
  // eventTime is required in events.k8s.io/v1's schema but legacy events have none; keep it absent.
  put(out, 'eventTime', ev.eventTime as EventsV1['eventTime']);
  put(out, 'series', ev.series ? (structuredClone(ev.series) as EventsV1['series']) : undefined);
  put(out, 'reportingController', ev.reportingComponent || undefined);
  put(out, 'reportingInstance', ev.reportingInstance || undefined);
  put(out, 'action', ev.action);
  put(out, 'reason', ev.reason);
  put(out, 'regarding', ev.involvedObject ? structuredClone(ev.involvedObject) : undefined);
  put(out, 'related', ev.related ? structuredClone(ev.related) : undefined);
  put(out, 'note', ev.message);
  put(out, 'type', ev.type);
  if (ev.source && (ev.source.component || ev.source.host)) {
    out.deprecatedSource = {};
    put(out.deprecatedSource, 'component', ev.source.component || undefined);
    put(out.deprecatedSource, 'host', ev.source.host || undefined);
  }
  put(out, 'deprecatedFirstTimestamp', ev.firstTimestamp);
  put(out, 'deprecatedLastTimestamp', ev.lastTimestamp);
  put(out, 'deprecatedCount', ev.count);
  return out as typeof out & KubeObject;
}

/** Converts an events.k8s.io/v1 Event to the core/v1 shape that is stored (a new object). */
export function eventsV1ToCoreEvent(obj: KubeObject): CoreEvent & KubeObject {
  const ev = obj as unknown as EventsV1;
  const out: CoreEvent = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: structuredClone(ev.metadata ?? {}),
    // involvedObject is required in core/v1; an events.k8s.io Event without `regarding` maps to {}.
    involvedObject: ev.regarding ? structuredClone(ev.regarding) : {},
  };
  put(out, 'eventTime', ev.eventTime);
  put(out, 'series', ev.series ? structuredClone(ev.series) : undefined);
  put(out, 'reportingComponent', ev.reportingController);
  put(out, 'reportingInstance', ev.reportingInstance);
  put(out, 'action', ev.action);
  put(out, 'reason', ev.reason);
  put(out, 'related', ev.related ? structuredClone(ev.related) : undefined);
  put(out, 'message', ev.note);
  put(out, 'type', ev.type);
  if (ev.deprecatedSource) out.source = structuredClone(ev.deprecatedSource);
  put(out, 'firstTimestamp', ev.deprecatedFirstTimestamp);
  put(out, 'lastTimestamp', ev.deprecatedLastTimestamp);
  put(out, 'count', ev.deprecatedCount);
  return out as typeof out & KubeObject;
}
