/**
 * The small kinds of three groups: coordination.k8s.io Lease (leader election, node heartbeats),
 * discovery.k8s.io EndpointSlice and events.k8s.io Event (the newer shape of core events).
 */
import {
  COORD,
  CORE,
  DISC,
  EVENTS,
  bool,
  int,
  loose,
  microTime,
  objectHeader,
  ref,
  refList,
  str,
  strList,
  strMap,
  struct,
  time,
  type Definitions,
} from './builder';

export const COORDINATION_DISCOVERY_EVENTS_DEFINITIONS: Definitions = {
  [COORD + 'Lease']: struct('A lock with an expiry, used for leader election and heartbeats.', {
    ...objectHeader('Lease'),
    spec: ref(COORD + 'LeaseSpec', 'Who holds the lease and until when.'),
  }),
  [COORD + 'LeaseSpec']: struct('The state of a lease.', {
    acquireTime: microTime('When the current holder acquired it.'),
    holderIdentity: str('Who holds the lease.'),
    leaseDurationSeconds: int('Seconds a holder keeps the lease without renewing.'),
    leaseTransitions: int('How often the lease changed hands.'),
    renewTime: microTime('When the holder last renewed it.'),
  }),
  [DISC + 'EndpointSlice']: struct(
    'A slice of the backends of a service; large services are split over many slices.',
    {
      ...objectHeader('EndpointSlice'),
      addressType: str('IPv4, IPv6 or FQDN: the type of every address in the slice.'),
      endpoints: refList(DISC + 'Endpoint', 'The backends in this slice.'),
      ports: refList(DISC + 'EndpointPort', 'The ports every backend in the slice exposes.'),
    },
    ['addressType', 'endpoints'],
  ),
  [DISC + 'Endpoint']: struct(
    'One backend of a service.',
    {
      addresses: strList('The backend’s addresses, all of the slice’s addressType.'),
      conditions: ref(DISC + 'EndpointConditions', 'Whether the backend is ready.'),
      deprecatedTopology: strMap('Deprecated topology labels.'),
      hints: ref(DISC + 'EndpointHints', 'Where consumers should prefer this backend.'),
      hostname: str('The backend’s hostname.'),
      nodeName: str('The node hosting the backend.'),
      targetRef: ref(CORE + 'ObjectReference', 'The pod behind the backend.'),
      zone: str('The zone of the backend.'),
    },
    ['addresses'],
  ),
  [DISC + 'EndpointConditions']: struct('The state of one backend.', {
    ready: bool('Ready to receive traffic.'),
    serving: bool('Passing readiness, even while terminating.'),
    terminating: bool('Shutting down.'),
  }),
  [DISC + 'EndpointHints']: loose('Topology hints for routing to an endpoint.'),
  [DISC + 'EndpointPort']: struct('One port of the backends in a slice.', {
    appProtocol: str('The application protocol.'),
    name: str('Matches the service port’s name.'),
    port: int('The port number.'),
    protocol: str('TCP, UDP or SCTP.'),
  }),
  [EVENTS + 'Event']: struct(
    'A report of something that happened to an object (events.k8s.io shape).',
    {
      ...objectHeader('Event'),
      action: str('What was done or failed.'),
      deprecatedCount: int('Count carried over from the core/v1 shape.'),
      deprecatedFirstTimestamp: time('First seen, from the core/v1 shape.'),
      deprecatedLastTimestamp: time('Last seen, from the core/v1 shape.'),
      deprecatedSource: ref(CORE + 'EventSource', 'Source carried over from the core/v1 shape.'),
      eventTime: microTime('When the event first happened.'),
      note: str('What happened, for humans.'),
      reason: str('Short CamelCase reason.'),
      regarding: ref(CORE + 'ObjectReference', 'The object the event is about.'),
      related: ref(CORE + 'ObjectReference', 'A second object involved, if any.'),
      reportingController: str('The controller that emitted the event.'),
      reportingInstance: str('The instance of that controller.'),
      series: ref(EVENTS + 'EventSeries', 'Repetition data of a recurring event.'),
      type: str('Normal or Warning.'),
    },
    ['eventTime'],
  ),
  [EVENTS + 'EventSeries']: struct(
    'Repetition data of a recurring event.',
    {
      count: int('Occurrences so far.'),
      lastObservedTime: microTime('When it was last seen.'),
    },
    ['count', 'lastObservedTime'],
  ),
};
