import { describe, expect, it } from 'vitest';
import {
  errorStreamPayload,
  expectedStreams,
  headerValues,
  negotiate,
  protocolVersion,
  SPDY_PROTOCOLS,
  WEBSOCKET_PROTOCOLS,
} from '../../../../src-cluster/kubelet/server/remotecommand/protocol';
import { ResizeDecoder } from '../../../../src-cluster/kubelet/server/remotecommand/resize';
import { parseExecRequest, parseLogRequest } from '../../../../src-cluster/kubelet/server/params';

describe('remote command protocol', () => {
  it('negotiates by client preference over repeated or comma-joined headers', () => {
    const offered = headerValues(['v5.channel.k8s.io, v4.channel.k8s.io', 'v3.channel.k8s.io']);
    expect(offered).toEqual(['v5.channel.k8s.io', 'v4.channel.k8s.io', 'v3.channel.k8s.io']);
    expect(negotiate(offered, SPDY_PROTOCOLS)).toBe('v4.channel.k8s.io');
    expect(negotiate(offered, WEBSOCKET_PROTOCOLS)).toBe('v5.channel.k8s.io');
    expect(negotiate(['v9.channel.k8s.io'], SPDY_PROTOCOLS)).toBeUndefined();
    expect(protocolVersion('channel.k8s.io')).toBe(1);
  });

  it('expects the streams the flags call for (no stderr with a tty, resize from v3)', () => {
    const f = { stdin: true, stdout: true, stderr: true, tty: false };
    expect([...expectedStreams(f, 4)].sort()).toEqual(['error', 'stderr', 'stdin', 'stdout']);
    expect([...expectedStreams({ ...f, tty: true }, 4)].sort()).toEqual([
      'error',
      'resize',
      'stdin',
      'stdout',
    ]);
    expect(expectedStreams({ ...f, tty: true }, 2).has('resize')).toBe(false);
  });

  it('reports exit codes as v4 Status JSON, and as text before v4', () => {
    expect(JSON.parse(errorStreamPayload({ exitCode: 0 }, 4, ['true']).toString())).toEqual({
      metadata: {},
      status: 'Success',
    });
    const failed = JSON.parse(errorStreamPayload({ exitCode: 3 }, 4, ['sh']).toString());
    expect(failed).toMatchObject({
      status: 'Failure',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    });
    expect(JSON.parse(errorStreamPayload({ error: 'boom' }, 5, []).toString())).toMatchObject({
      reason: 'InternalError',
      code: 500,
    });
    expect(errorStreamPayload({ exitCode: 0 }, 3, []).length).toBe(0);
    expect(errorStreamPayload({ exitCode: 2 }, 2, []).toString()).toContain('exit status 2');
  });

  it('decodes resize messages split anywhere', () => {
    const d = new ResizeDecoder();
    const seen: unknown[] = [];
    d.events.on('resize', (s) => seen.push(s));
    const text = '{"Width":80,"Height":24}\n{"Width":100,"Height":30}\n';
    d.push(Buffer.from(text.slice(0, 10)));
    d.push(Buffer.from(text.slice(10, 31)));
    d.push(Buffer.from(text.slice(31)));
    expect(seen).toEqual([
      { width: 80, height: 24 },
      { width: 100, height: 30 },
    ]);
  });
});

describe('kubelet URL parameters', () => {
  const u = (s: string) => new URL(s, 'http://kubelet');

  it('parses exec with upstream names and with stdin/stdout/stderr', () => {
    expect(
      parseExecRequest(u('/exec/ns/p/c?command=sh&command=-c&command=exit+3&output=1&error=1')),
    ).toEqual({
      kind: 'exec',
      namespace: 'ns',
      pod: 'p',
      container: 'c',
      command: ['sh', '-c', 'exit 3'],
      flags: { stdin: false, stdout: true, stderr: true, tty: false },
    });
    expect(
      parseExecRequest(u('/exec/ns/p/uid/c?command=ls&stdin=true&stderr=true&tty=true')).flags,
    ).toEqual({
      stdin: true,
      stdout: false,
      stderr: false,
      tty: true,
    });
  });

  it('refuses exec without streams or without a command', () => {
    expect(() => parseExecRequest(u('/exec/ns/p/c?command=ls'))).toThrow(/at least 1 of stdin/);
    expect(() => parseExecRequest(u('/exec/ns/p/c?output=1'))).toThrow(/at least one command/);
    expect(parseExecRequest(u('/attach/ns/p/c?output=1')).kind).toBe('attach');
  });

  it('parses and validates log options', () => {
    expect(
      parseLogRequest(u('/containerLogs/ns/p/c?follow=true&tailLines=2&limitBytes=10')),
    ).toMatchObject({
      container: 'c',
      options: { follow: true, tailLines: 2, limitBytes: 10, timestamps: false, previous: false },
    });
    expect(() => parseLogRequest(u('/containerLogs/ns/p/c?tailLines=-1'))).toThrow(
      /greater than or equal to 0/,
    );
    expect(() =>
      parseLogRequest(u('/containerLogs/ns/p/c?sinceSeconds=5&sinceTime=2024-01-01T00:00:00Z')),
    ).toThrow(/at most one/);
    expect(() => parseLogRequest(u('/containerLogs/ns/p'))).toThrow();
  });
});
