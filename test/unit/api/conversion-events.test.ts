import { describe, expect, it } from 'vitest';
import {
  coreEventToEventsV1,
  eventsV1ToCoreEvent,
} from '../../../src-cluster/api/conversion/events';

const core = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'web-1.17a8', namespace: 'default', uid: 'u' },
  involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default', uid: 'p' },
  reason: 'BackOff',
  message: 'Back-off restarting failed container',
  source: { component: 'kubelet', host: 'worker-1' },
  firstTimestamp: '2024-01-01T00:00:00Z',
  lastTimestamp: '2024-01-01T00:05:00Z',
  count: 7,
  type: 'Warning',
  eventTime: '2024-01-01T00:00:00.000000Z',
  series: { count: 7, lastObservedTime: '2024-01-01T00:05:00.000000Z' },
  action: 'Restarting',
  related: { kind: 'Node', name: 'worker-1' },
  reportingComponent: 'kubelet',
  reportingInstance: 'worker-1',
};

describe('event conversion', () => {
  it('maps every core/v1 field to its events.k8s.io/v1 name', () => {
    expect(coreEventToEventsV1(core)).toEqual({
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: core.metadata,
      regarding: core.involvedObject,
      note: core.message,
      reason: 'BackOff',
      type: 'Warning',
      eventTime: core.eventTime,
      series: core.series,
      action: 'Restarting',
      related: core.related,
      reportingController: 'kubelet',
      reportingInstance: 'worker-1',
      deprecatedSource: core.source,
      deprecatedFirstTimestamp: core.firstTimestamp,
      deprecatedLastTimestamp: core.lastTimestamp,
      deprecatedCount: 7,
    });
  });

  it('round-trips core → events.k8s.io → core unchanged', () => {
    expect(eventsV1ToCoreEvent(coreEventToEventsV1(core))).toEqual(core);
  });

  it('round-trips events.k8s.io → core → events.k8s.io unchanged', () => {
    const ev = coreEventToEventsV1(core);
    expect(coreEventToEventsV1(eventsV1ToCoreEvent(ev))).toEqual(ev);
  });

  it('a legacy event without eventTime stays without one; absent fields stay absent', () => {
    const legacy = {
      metadata: { name: 'e' },
      involvedObject: { kind: 'Node', name: 'n' },
      message: 'hi',
      count: 1,
    };
    const ev = coreEventToEventsV1(legacy);
    expect(ev).not.toHaveProperty('eventTime');
    expect(ev).not.toHaveProperty('deprecatedSource');
    expect(ev.note).toBe('hi');
    expect(eventsV1ToCoreEvent(ev)).toEqual({ apiVersion: 'v1', kind: 'Event', ...legacy });
  });

  it('does not mutate or alias its input', () => {
    const input = structuredClone(core);
    const out = coreEventToEventsV1(input);
    out.regarding!.name = 'changed';
    expect(input).toEqual(core);
  });
});
