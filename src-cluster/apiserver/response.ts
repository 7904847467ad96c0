/** Writing responses: JSON (or YAML on request), Status errors, and the Warning header. */
import type { ServerResponse } from 'node:http';
import { stringify as toYaml } from 'yaml';
import { ApiStatusError } from './status';

export function wantsYaml(accept: string | undefined): boolean {
  if (!accept) return false;
  const first = accept.split(',')[0]!.split(';')[0]!.trim();
  return first === 'application/yaml';
}

export function writeObject(
  res: ServerResponse,
  code: number,
  body: unknown,
  accept?: string,
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const yaml = wantsYaml(accept);
  const text = yaml ? toYaml(body) : JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': yaml ? 'application/yaml' : 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  res.end(text);
}

export function writeStatus(res: ServerResponse, err: ApiStatusError): void {
  if (err.code === 504 || err.code === 429) {
    const retry = err.details?.retryAfterSeconds;
    if (retry && !res.headersSent) res.setHeader('Retry-After', String(retry));
  }
  writeObject(res, err.code, err.toStatus());
}

export function addWarning(res: ServerResponse, text: string): void {
  if (res.headersSent) return;
  const value = `299 - ${JSON.stringify(text)}`;
  const prev = res.getHeader('Warning');
  res.setHeader(
    'Warning',
    prev ? [...(Array.isArray(prev) ? prev : [String(prev)]), value] : value,
  );
}
