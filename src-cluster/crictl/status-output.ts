/**
 * The documents `inspect`, `inspectp`, `inspecti` and `info` print: {"status": <the CRI status>,
 * <each verbose info key>: <its value>} — an info value that is a JSON object (containerd's "info"
 * with pid, sandboxID, runtimeSpec…, or "config") is embedded as an object, anything else as a
 * string with its quotes trimmed. Keys are sorted at every level (they pass through Go maps in
 * crictl); one document prints as an object, several as an array.
 */
import { goJson, goYaml, sortKeysDeep } from './json-output';
import { ZERO_TIME, rfc3339Nano } from './timestamps';

export interface StatusData {
  /** The status message as JSON-ready data (proto-loader's object). */
  status?: Record<string, unknown>;
  info: Record<string, string>;
}

export function statusDocument(d: StatusData): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  if (d.status) doc.status = d.status;
  for (const k of Object.keys(d.info).sort()) {
    const v = d.info[k]!;
    if (v.startsWith('{')) {
      try {
        doc[k] = JSON.parse(v);
      } catch (e) {
        throw new Error(`unmarshal status info JSON of "${k}": ${(e as Error).message}`);
      }
    } else {
      doc[k] = v.replace(/^"+|"+$/g, '');
    }
  }
  return doc;
}

export type StatusFormat = 'json' | 'yaml' | 'table';

export function statusFormat(v: string): StatusFormat {
  if (v === '' || v === 'json') return 'json';
  if (v === 'yaml' || v === 'table') return v;
  throw new Error(`unsupported format: "${v}" (one of: json, yaml, table)`);
}

export function renderStatuses(list: StatusData[], format: 'json' | 'yaml'): string {
  const docs = list.map(statusDocument);
  const value = sortKeysDeep(docs.length === 1 ? docs[0] : docs);
  return format === 'yaml' ? goYaml(value) + '\n' : goJson(value) + '\n';
}

/**
 * A container status with its times readable: createdAt always; startedAt once it left Created;
 * finishedAt once Exited (or Unknown with a finish time); otherwise Go's zero time.
 */
export function readableContainerStatus(s: Record<string, unknown>): Record<string, unknown> {
  const state = s.state as string;
  const finished = String(s.finishedAt ?? '0');
  return {
    ...s,
    createdAt: rfc3339Nano(String(s.createdAt ?? '0')),
    startedAt: state !== 'CONTAINER_CREATED' ? rfc3339Nano(String(s.startedAt ?? '0')) : ZERO_TIME,
    finishedAt:
      state === 'CONTAINER_EXITED' || (state === 'CONTAINER_UNKNOWN' && BigInt(finished) > 0n)
        ? rfc3339Nano(finished)
        : ZERO_TIME,
  };
}

export function readableSandboxStatus(s: Record<string, unknown>): Record<string, unknown> {
  return { ...s, createdAt: rfc3339Nano(String(s.createdAt ?? '0')) };
}

/** Go's %v of a map[string]string, as the -o table listings print Info. */
export function goMapString(m: Record<string, string>): string {
  return `map[${Object.keys(m)
    .sort()
    .map((k) => `${k}:${m[k]}`)
    .join(' ')}]`;
}
