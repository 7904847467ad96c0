/**
 * Events, in both API shapes. events.k8s.io/v1 objects are converted to the core/v1 shape first
 * (the conversion module owns the field mapping), so `kubectl get events` and
 * `kubectl get events.events.k8s.io` print identical rows for the same stored event.
 *
 * Column order is upstream's, wide-only columns interleaved: Last Seen, Type, Reason, Object,
 * (Subobject), (Source), Message, (First Seen), (Count), (Name).
 */
import type { Event } from 'kubernetes-types/core/v1';
import { eventsV1ToCoreEvent } from '../conversion/events';
import type { StoredObject } from '../object';
import { column, nameColumn, wideColumn } from './columns';
import { ageSince } from './duration';
import { definePrinter, type Printer } from './table';

const COLUMNS = [
  column('Last Seen', 'Time since the event was last observed.'),
  column('Type', 'Normal or Warning.'),
  column('Reason', 'Short machine-readable cause, e.g. Scheduled or BackOff.'),
  column('Object', 'The object the event is about, as kind/name.'),
  wideColumn('Subobject', 'The part of the object involved, e.g. spec.containers{web}.'),
  wideColumn('Source', 'Component (and host) that reported the event.'),
  column('Message', 'Human-readable description.'),
  wideColumn('First Seen', 'Time since the event was first observed.'),
  wideColumn('Count', 'How many times the event occurred.', 'integer'),
  nameColumn(1),
];

/** "component, host"; either part may come from the newer reporting fields. */
function eventSource(ev: Event): string {
  const component = ev.source?.component || ev.reportingComponent || '';
  const instance = ev.source?.host || ev.reportingInstance || '';
  if (!instance) return component;
  return `${component}, ${instance}`;
}

/** Row cells for a core/v1-shaped event. */
function eventCells(ev: Event, now: number): (string | number)[] {
  // Newer reporters set only eventTime (and series); legacy ones only first/lastTimestamp.
  const firstSeen = ev.firstTimestamp
    ? ageSince(ev.firstTimestamp, now)
    : ageSince(ev.eventTime, now);
  let lastSeen = ev.lastTimestamp ? ageSince(ev.lastTimestamp, now) : firstSeen;
  let count = ev.count ?? 0;
  if (ev.series) {
    lastSeen = ageSince(ev.series.lastObservedTime, now);
    count = ev.series.count ?? 0;
  } else if (count === 0) {
    count = 1; // a singleton event from the new API carries no count
  }
  const involved = ev.involvedObject ?? {};
  const kind = (involved.kind ?? '').toLowerCase();
  return [
    lastSeen,
    ev.type ?? '',
    ev.reason ?? '',
    involved.name ? `${kind}/${involved.name}` : kind,
    involved.fieldPath ?? '',
    eventSource(ev),
    (ev.message ?? '').trim(),
    firstSeen,
    count,
    ev.metadata?.name ?? '',
  ];
}

export const eventPrinter: Printer = definePrinter<Event>(COLUMNS, eventCells);

/** True for an object in the events.k8s.io/v1 shape rather than core/v1's. */
function isEventsV1(obj: StoredObject): boolean {
  if (obj.apiVersion) return obj.apiVersion.startsWith('events.k8s.io/');
  return !('involvedObject' in obj) && ('regarding' in obj || 'note' in obj);
}

export const eventsV1Printer: Printer = {
  columns: COLUMNS,
  cells: (obj, now) =>
    eventCells(isEventsV1(obj) ? eventsV1ToCoreEvent(obj) : (obj as unknown as Event), now),
};
