/**
 * The small conversions crictl's output is made of: go-units' HumanDuration thresholds, decimal
 * sizes with Go's %g, 13-character ids, and RFC 3339 nanosecond times in a given zone.
 */
import { describe, expect, it } from 'vitest';
import { shortImage, truncateId } from '../../../src-cluster/crictl/ids';
import { goFormatG, humanSize } from '../../../src-cluster/crictl/size';
import { ago, humanDuration } from '../../../src-cluster/crictl/time-ago';
import { goTimeString, rfc3339Nano } from '../../../src-cluster/crictl/timestamps';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('humanDuration (CREATED "… ago")', () => {
  it.each([
    [-5 * S, 'Less than a second'],
    [999, 'Less than a second'],
    [S, '1 second'],
    [59 * S + 999, '59 seconds'],
    [M, 'About a minute'],
    [2 * M - 1, 'About a minute'],
    [2 * M, '2 minutes'],
    [59 * M, '59 minutes'],
    [60 * M, 'About an hour'],
    [89 * M, 'About an hour'],
    [90 * M, '2 hours'],
    [47 * H + 29 * M, '47 hours'],
    [47 * H + 30 * M, '2 days'],
    [13 * D, '13 days'],
    [14 * D, '2 weeks'],
    [59 * D, '8 weeks'],
    [60 * D, '2 months'],
    [729 * D, '24 months'],
    [730 * D, '2 years'],
  ])('%d ms → %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });

  it('"ago" reads CRI nanosecond timestamps', () => {
    expect(ago('1700000000000000000', 1_700_000_000_000 + 3 * M + 10 * S)).toBe('3 minutes ago');
  });
});

describe('sizes', () => {
  it.each([
    [0, '0B'],
    [999, '999B'],
    [1000, '1kB'],
    [1234567, '1.23MB'],
    [5_500_000, '5.5MB'],
    [123_456_789, '123MB'],
    [999_999, '1e+03kB'],
    [4_200_000_000, '4.2GB'],
  ])('%d bytes → %s (3 significant digits, as images)', (n, text) => {
    expect(humanSize(n, 3)).toBe(text);
  });

  it('four digits by default (stats) and Go %g exponent form', () => {
    expect(humanSize(1234567)).toBe('1.235MB');
    expect(goFormatG(0.00001234, 3)).toBe('1.23e-05');
    expect(goFormatG(1234, 3)).toBe('1.23e+03');
  });
});

describe('ids', () => {
  it('cuts to 13 characters, image ids without their algorithm', () => {
    expect(truncateId('a1b2c3d4e5f6a7b8c9d0')).toBe('a1b2c3d4e5f6a');
    expect(truncateId('short')).toBe('short');
    expect(truncateId('sha256:' + 'ab'.repeat(32), 'sha256:')).toBe('abababababab' + 'a');
    expect(shortImage('sha256:' + 'cd'.repeat(32))).toBe('cdcdcdcdcdcdc');
    // Not a digest: a reference stays whole.
    expect(shortImage('localhost/kubelab/web:1')).toBe('localhost/kubelab/web:1');
    expect(shortImage('sha256:abc')).toBe('sha256:abc');
  });
});

describe('inspect times', () => {
  it('RFC 3339 with nanoseconds, trailing zeros dropped, Z or the offset', () => {
    expect(rfc3339Nano('1700000000123456789', 0)).toBe('2023-11-14T22:13:20.123456789Z');
    expect(rfc3339Nano('1700000000100000000', 0)).toBe('2023-11-14T22:13:20.1Z');
    expect(rfc3339Nano('1700000000000000000', 0)).toBe('2023-11-14T22:13:20Z');
    expect(rfc3339Nano('1700000000000000001', 120)).toBe('2023-11-15T00:13:20.000000001+02:00');
    expect(rfc3339Nano('1700000000000000000', -330)).toBe('2023-11-14T16:43:20-05:30');
    expect(goTimeString('1700000000120000000')).toBe('2023-11-14 22:13:20.12 +0000 UTC');
  });
});
