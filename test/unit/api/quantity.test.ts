import { describe, expect, it } from 'vitest';
import {
  addQuantity,
  compareQuantity,
  formatQuantity,
  parseQuantity,
  QuantityError,
} from '../../../src-cluster/api/quantity';

describe('parseQuantity', () => {
  it.each([
    ['100m', 100, 1],
    ['1.5Gi', 1610612736000, 1610612736],
    ['2e3', 2000000, 2000],
    ['128974848', 128974848000, 128974848],
    ['1Ki', 1024000, 1024],
    ['0.5', 500, 1],
    ['1.5', 1500, 2],
    ['1k', 1000000, 1000],
    ['250u', 1, 1],
    ['-1', -1000, -1],
    ['+3M', 3e9, 3e6],
  ])('%s → milli %d, value %d (rounded up)', (s, milli, value) => {
    const q = parseQuantity(s);
    expect(q.milliValue()).toBe(milli);
    expect(q.value()).toBe(value);
  });

  it('accepts JSON numbers', () => {
    expect(parseQuantity(2).milliValue()).toBe(2000);
    expect(parseQuantity(0.25).milliValue()).toBe(250);
  });

  it.each(['', 'abc', '1Q', '1..2', '.', '1.2.3', 'Gi', '1 Gi'])('rejects %j', (s) => {
    expect(() => parseQuantity(s)).toThrow(QuantityError);
  });

  it('uses upstream wording for format errors', () => {
    expect(() => parseQuantity('abc')).toThrow(
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
    expect(() => parseQuantity('5iK')).toThrow("unable to parse quantity's suffix");
  });

  it('rejects non-finite numbers', () => {
    expect(() => parseQuantity(Number.NaN)).toThrow(QuantityError);
  });
});

describe('formatQuantity', () => {
  it.each([
    ['1.5Gi', '1536Mi'],
    ['0.5', '500m'],
    ['1000', '1k'],
    ['1500', '1500'],
    ['2e3', '2e3'],
    ['1Ki', '1Ki'],
    ['100m', '100m'],
    ['0.5Ki', '512'],
    ['0', '0'],
    ['1024Mi', '1Gi'],
    ['0.1Ki', '102400m'],
  ])('%s prints as %s', (s, out) => {
    expect(formatQuantity(parseQuantity(s))).toBe(out);
    expect(String(parseQuantity(s))).toBe(out);
  });
});

describe('compareQuantity', () => {
  it('compares across formats exactly', () => {
    expect(compareQuantity(parseQuantity('1Gi'), parseQuantity('1073741824'))).toBe(0);
    expect(compareQuantity(parseQuantity('1G'), parseQuantity('1Gi'))).toBe(-1);
    expect(compareQuantity(parseQuantity('1'), parseQuantity('999m'))).toBe(1);
    expect(compareQuantity(parseQuantity('0.1'), parseQuantity('100m'))).toBe(0);
  });

  it('adds exactly', () => {
    const sum = addQuantity(parseQuantity('100m'), parseQuantity('0.2'));
    expect(sum.milliValue()).toBe(300);
    expect(sum.toString()).toBe('300m');
  });
});
