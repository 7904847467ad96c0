/**
 * crictl's two JSON dialects: protobuf JSON for lists (.proto field order, sorted map keys, int64 as
 * strings) and Go-map JSON for statuses (every key sorted, info values embedded as objects or
 * unquoted strings, HTML characters escaped), plus YAML with unindented sequences.
 */
import { describe, expect, it } from 'vitest';
import { FIELD_ORDER, goYaml, protoJson } from '../../../src-cluster/crictl/json-output';
import {
  readableContainerStatus,
  renderStatuses,
  statusDocument,
} from '../../../src-cluster/crictl/status-output';
import { infoText } from '../../../src-cluster/crictl/commands/runtime-info';
import { ZERO_TIME, rfc3339Nano } from '../../../src-cluster/crictl/timestamps';
import { WEB } from './fixtures';

describe('list JSON (ps/pods/images -o json)', () => {
  it('puts fields in .proto order whatever order they arrived in, map keys sorted', () => {
    const scrambled = Object.fromEntries(Object.entries(WEB).reverse());
    scrambled.labels = { z: '1', a: '2' };
    const out = protoJson({ containers: [scrambled] }, [['containers', FIELD_ORDER.container]]);
    const parsed = JSON.parse(out).containers[0];
    expect(Object.keys(parsed)).toEqual([
      'id',
      'podSandboxId',
      'metadata',
      'image',
      'imageRef',
      'state',
      'createdAt',
      'labels',
      'annotations',
    ]);
    expect(Object.keys(parsed.metadata)).toEqual(['name', 'attempt']);
    expect(Object.keys(parsed.labels)).toEqual(['a', 'z']);
    expect(parsed.createdAt).toBe(WEB.createdAt);
    expect(
      out.startsWith('{\n  "containers": [\n    {\n      "id": "a1b2c3d4e5f6a7b8c9d0e1f2",'),
    ).toBe(true);
  });

  it('YAML: sorted keys, sequences at the parent key, numbers-as-strings quoted', () => {
    expect(goYaml({ items: [{ b: '1', a: { d: [], c: {} } }] })).toBe(
      'items:\n- a:\n    c: {}\n    d: []\n  b: "1"\n',
    );
  });
});

describe('status JSON (inspect, inspectp, inspecti, info)', () => {
  const info = {
    info: '{"sandboxID":"abc","pid":4242,"runtimeSpec":{"process":{"args":["sh"]}}}',
    golang: '"go1.19.8"',
    lastCNILoadStatus: 'OK',
  };

  it('embeds JSON info values, trims quotes from the others, sorts every key', () => {
    const doc = statusDocument({ status: { state: 'X', id: 'c1' }, info });
    expect(doc).toEqual({
      status: { state: 'X', id: 'c1' },
      golang: 'go1.19.8',
      info: { sandboxID: 'abc', pid: 4242, runtimeSpec: { process: { args: ['sh'] } } },
      lastCNILoadStatus: 'OK',
    });
    expect(renderStatuses([{ status: { state: 'X', id: 'c1' }, info }], 'json')).toBe(
      '{\n  "golang": "go1.19.8",\n  "info": {\n    "pid": 4242,\n    "runtimeSpec": {\n' +
        '      "process": {\n        "args": [\n          "sh"\n        ]\n      }\n    },\n' +
        '    "sandboxID": "abc"\n  },\n  "lastCNILoadStatus": "OK",\n  "status": {\n' +
        '    "id": "c1",\n    "state": "X"\n  }\n}\n',
    );
  });

  it('several statuses print as an array; <, > and & are escaped as Go does', () => {
    const out = renderStatuses(
      [
        { status: { id: 'a<b>&' }, info: {} },
        { status: { id: 'b' }, info: {} },
      ],
      'json',
    );
    expect(out).toContain('"id": "a\\u003cb\\u003e\\u0026"');
    expect(JSON.parse(out).map((d: { status: { id: string } }) => d.status.id)).toEqual([
      'a<b>&',
      'b',
    ]);
  });

  it('rejects an info value that claims to be JSON and is not', () => {
    expect(() => statusDocument({ info: { info: '{broken' } })).toThrow(/unmarshal status info/);
  });

  it('container times: started once it left Created, finished once Exited', () => {
    const base = { createdAt: '1700000000000000000', startedAt: '1700000001000000000' };
    const created = readableContainerStatus({
      ...base,
      state: 'CONTAINER_CREATED',
      startedAt: '0',
      finishedAt: '0',
    });
    expect([created.createdAt, created.startedAt, created.finishedAt]).toEqual([
      rfc3339Nano('1700000000000000000'),
      ZERO_TIME,
      ZERO_TIME,
    ]);
    const exited = readableContainerStatus({
      ...base,
      state: 'CONTAINER_EXITED',
      finishedAt: '1700000002500000000',
    });
    expect(exited.finishedAt).toBe(rfc3339Nano('1700000002500000000'));
    const unknown = readableContainerStatus({
      ...base,
      state: 'CONTAINER_UNKNOWN',
      finishedAt: '0',
    });
    expect(unknown.finishedAt).toBe(ZERO_TIME);
  });

  it('info: the conditions, then containerd config as an object', () => {
    const out = JSON.parse(
      infoText(
        {
          status: {
            conditions: [{ type: 'RuntimeReady', status: true, reason: '', message: '' }],
          },
          info: { config: '{"sandboxImage":"localhost/kubelab/pause:1"}' },
        },
        'json',
      ),
    );
    expect(out).toEqual({
      config: { sandboxImage: 'localhost/kubelab/pause:1' },
      status: { conditions: [{ message: '', reason: '', status: true, type: 'RuntimeReady' }] },
    });
  });
});
