/**
 * EndpointSlices: the scalable successor of Endpoints. Unlike the Endpoints column, this lists every
 * address in the slice, ready or not — the conditions are per endpoint and shown by `describe`.
 */
import type { EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1';
import { AGE_COLUMN, column, nameColumn } from './columns';
import { ageSince } from './duration';
import { listWithMore } from './format';
import { definePrinter } from './table';

const MAX_SHOWN = 3;

/** Port numbers, falling back to the port name, or "*" for a slice that allows every port. */
function slicePorts(ports: readonly EndpointPort[] | undefined): string {
  const list = (ports ?? []).map((p) => (p.port != null ? String(p.port) : (p.name ?? '*')));
  return listWithMore(list, MAX_SHOWN, '<unset>');
}

function sliceEndpoints(slice: EndpointSlice): string {
  const list = (slice.endpoints ?? []).flatMap((e) => e.addresses ?? []);
  return listWithMore(list, MAX_SHOWN, '<unset>');
}

export const endpointSlicePrinter = definePrinter<EndpointSlice>(
  [
    nameColumn(),
    column('AddressType', 'IPv4, IPv6 or FQDN.'),
    column('Ports', 'Port numbers the endpoints serve.'),
    column('Endpoints', 'Addresses in the slice.'),
    AGE_COLUMN,
  ],
  (slice, now) => [
    slice.metadata?.name ?? '',
    slice.addressType ?? '',
    slicePorts(slice.ports),
    sliceEndpoints(slice),
    ageSince(slice.metadata?.creationTimestamp, now),
  ],
);
