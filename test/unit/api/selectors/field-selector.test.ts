import { describe, expect, it } from 'vitest';
import { RESOURCES, type ResourceInfo } from '../../../../src-cluster/api/resources';
import {
  escapeFieldValue,
  fieldSetFor,
  parseFieldSelector,
  SelectorError,
  supportedFieldLabels,
  validateFieldSelector,
} from '../../../../src-cluster/api/selectors/field-selector';

const info = (group: string, resource: string): ResourceInfo => {
  const found = RESOURCES.find((r) => r.group === group && r.resource === resource);
  if (!found) throw new Error(`no resource ${group}/${resource}`);
  return found;
};
const pods = info('', 'pods');

const pod = {
  metadata: { name: 'web-1', namespace: 'default' },
  spec: {
    nodeName: 'node-1',
    restartPolicy: 'Always',
    schedulerName: 'default-scheduler',
    serviceAccountName: 'default',
  },
  status: { phase: 'Running', podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }] },
};

describe('parseFieldSelector', () => {
  const fields = { 'metadata.name': 'a,b=c', 'status.phase': 'Running', 'spec.nodeName': '' };
  it.each([
    ['', true],
    ['status.phase=Running', true],
    ['status.phase==Running', true],
    ['status.phase!=Running', false],
    ['status.phase=Pending', false],
    ['status.phase!=Pending,spec.nodeName=', true],
    ['spec.nodeName!=', false],
    ['metadata.name=a\\,b\\=c', true],
    ['metadata.name=a', false],
    ['other.field=', true],
    ['status.phase=Running,', true],
  ])('%j matches: %s', (sel, expected) => {
    expect(parseFieldSelector(sel).matches(fields)).toBe(expected);
  });

  it('prints canonically, re-escaping values', () => {
    const s = parseFieldSelector('metadata.name==a\\,b,status.phase!=x\\\\y');
    expect(s.requirements).toEqual([
      { field: 'metadata.name', operator: '=', value: 'a,b' },
      { field: 'status.phase', operator: '!=', value: 'x\\y' },
    ]);
    expect(s.toString()).toBe('metadata.name=a\\,b,status.phase!=x\\\\y');
    expect(escapeFieldValue('a=b')).toBe('a\\=b');
  });

  it('requiresExactMatch finds the pinned value (the kubelet watch)', () => {
    expect(parseFieldSelector('spec.nodeName=node-1').requiresExactMatch('spec.nodeName')).toBe(
      'node-1',
    );
    expect(
      parseFieldSelector('spec.nodeName!=node-1').requiresExactMatch('spec.nodeName'),
    ).toBeUndefined();
  });

  it.each([
    ['status.phase', /can't understand "status.phase"/],
    ['=Running', /has no field name/],
    ['metadata.name=a\\b', /invalid escape sequence "\\b"/],
    ['metadata.name=a\\', /invalid escape sequence/],
  ])('rejects %j', (sel, message) => {
    expect(() => parseFieldSelector(sel)).toThrow(SelectorError);
    expect(() => parseFieldSelector(sel)).toThrow(message);
  });
});

describe('fieldSetFor', () => {
  it('pods expose upstream fields with Go zero values for absent ones', () => {
    expect(fieldSetFor(pods, pod)).toEqual({
      'metadata.name': 'web-1',
      'metadata.namespace': 'default',
      'spec.nodeName': 'node-1',
      'spec.restartPolicy': 'Always',
      'spec.schedulerName': 'default-scheduler',
      'spec.serviceAccountName': 'default',
      'spec.hostNetwork': 'false',
      'status.phase': 'Running',
      'status.podIP': '10.244.1.5',
      'status.nominatedNodeName': '',
    });
    expect(fieldSetFor(pods, { spec: { hostNetwork: true } })['spec.hostNetwork']).toBe('true');
  });

  it('kubectl get pods --field-selector spec.nodeName=node-1 selects the pods on that node', () => {
    const sel = parseFieldSelector('spec.nodeName=node-1,status.phase!=Succeeded');
    validateFieldSelector(pods, sel);
    expect(sel.matches(fieldSetFor(pods, pod))).toBe(true);
    expect(sel.matches(fieldSetFor(pods, { ...pod, spec: { nodeName: 'node-2' } }))).toBe(false);
    expect(sel.matches(fieldSetFor(pods, { ...pod, status: { phase: 'Succeeded' } }))).toBe(false);
  });

  it('core events: involvedObject.*, reason, type, source, reportingComponent', () => {
    const ev = {
      metadata: { name: 'web.1', namespace: 'default' },
      involvedObject: {
        kind: 'Pod',
        name: 'web-1',
        namespace: 'default',
        uid: 'u1',
        apiVersion: 'v1',
        fieldPath: 'spec.containers{web}',
      },
      reason: 'Scheduled',
      type: 'Normal',
      source: { component: 'default-scheduler' },
    };
    const f = fieldSetFor(info('', 'events'), ev);
    expect(f).toMatchObject({
      'involvedObject.kind': 'Pod',
      'involvedObject.name': 'web-1',
      'involvedObject.uid': 'u1',
      'involvedObject.fieldPath': 'spec.containers{web}',
      'involvedObject.resourceVersion': '',
      reason: 'Scheduled',
      type: 'Normal',
      source: 'default-scheduler',
      reportingComponent: '',
    });
    // kubectl describe pod's event query.
    const sel = parseFieldSelector(
      'involvedObject.name=web-1,involvedObject.namespace=default,involvedObject.uid=u1',
    );
    validateFieldSelector(info('', 'events'), sel);
    expect(sel.matches(f)).toBe(true);
  });

  it('events.k8s.io events: regarding.* and reportingController, from either stored shape', () => {
    const events = info('events.k8s.io', 'events');
    const modern = {
      regarding: { kind: 'Node', name: 'n1' },
      reason: 'NodeReady',
      type: 'Normal',
      reportingController: 'kubelet',
    };
    const core = {
      involvedObject: { kind: 'Node', name: 'n1' },
      reason: 'NodeReady',
      type: 'Normal',
      reportingComponent: 'kubelet',
    };
    for (const ev of [modern, core]) {
      expect(fieldSetFor(events, ev)).toMatchObject({
        'regarding.kind': 'Node',
        'regarding.name': 'n1',
        reason: 'NodeReady',
        reportingController: 'kubelet',
      });
    }
    expect(() =>
      validateFieldSelector(events, parseFieldSelector('involvedObject.name=x')),
    ).toThrow('field label not supported: involvedObject.name');
  });

  it.each([
    ['', 'nodes', { spec: { unschedulable: true } }, 'spec.unschedulable', 'true'],
    ['', 'nodes', {}, 'spec.unschedulable', 'false'],
    ['', 'secrets', { type: 'kubernetes.io/tls' }, 'type', 'kubernetes.io/tls'],
    ['', 'namespaces', { status: { phase: 'Terminating' } }, 'status.phase', 'Terminating'],
    ['apps', 'replicasets', { status: { replicas: 2 } }, 'status.replicas', '2'],
    ['apps', 'replicasets', {}, 'status.replicas', '0'],
    ['batch', 'jobs', { status: { successful: 1 } }, 'status.successful', '1'],
    ['', 'nodes', { metadata: { name: 'n1' } }, 'metadata.namespace', ''],
  ])('%s/%s %j: %s = %j', (group, resource, obj, field, value) => {
    expect(fieldSetFor(info(group, resource), obj)[field]).toBe(value);
  });
});

describe('validateFieldSelector', () => {
  it('every resource supports metadata.name and metadata.namespace', () => {
    for (const r of RESOURCES) {
      expect(() =>
        validateFieldSelector(r, parseFieldSelector('metadata.name=a,metadata.namespace=b')),
      ).not.toThrow();
    }
  });

  it.each([
    ['', 'configmaps', 'spec.nodeName'],
    ['', 'pods', 'spec.containers'],
    ['apps', 'deployments', 'status.replicas'],
    ['', 'events', 'regarding.name'],
  ])('%s/%s rejects %s', (group, resource, field) => {
    expect(() =>
      validateFieldSelector(info(group, resource), parseFieldSelector(`${field}=x`)),
    ).toThrow(`field label not supported: ${field}`);
  });

  it('lists the supported labels', () => {
    expect(supportedFieldLabels(info('', 'nodes'))).toEqual([
      'metadata.name',
      'metadata.namespace',
      'spec.unschedulable',
    ]);
  });
});
